"""Precision, recall and F1 from counts: one definition for every evaluation."""

from __future__ import annotations


def precision_recall_f1(correct: int, predicted: int, positives: int) -> dict:
    """``precision`` = correct / predicted (1.0 when nothing is predicted),
    ``recall`` = correct / positives (0.0 when there are none) and their ``f1``,
    each rounded to 4 places."""
    precision = correct / predicted if predicted else 1.0
    recall = correct / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }
