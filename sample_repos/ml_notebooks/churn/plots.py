"""Plots for the notebooks."""


def risk_histogram(frame, column="risk"):
    """A histogram of the churn risk."""
    return frame.plot.hist(y=column)


def tenure_curve(frame):
    return frame.groupby("tenure")["churned"].mean().plot()


def spend_box(frame):
    """Spend by churn outcome."""
    return frame.boxplot(column="spend", by="churned")


class Palette:
    """Colours of the plots."""

    churned = "tab:red"
    stayed = "tab:blue"

    def pair(self):
        return self.churned, self.stayed

    def __repr__(self):
        return f"Palette({self.churned}, {self.stayed})"
