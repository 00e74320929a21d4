"""Model quality metrics."""

from sklearn.metrics import roc_auc_score


def auc(labels, scores):
    """Area under the ROC curve."""
    return roc_auc_score(labels, scores)


def lift(labels, scores, top=0.1):
    ranked = sorted(zip(scores, labels), reverse=True)
    cut = max(1, int(len(ranked) * top))
    return sum(label for _, label in ranked[:cut]) / cut
