# Nightly retraining, run by the scheduler box's crontab:
#   python scripts/retrain.py --alpha 0.5
# Written as a notebook's cells were, top to bottom, with no main guard.
import argparse

from churn.data import load_customers
from churn.model import train

parser = argparse.ArgumentParser(description="Retrain the churn model on the latest customers")
parser.add_argument("--alpha", type=float, default=1.0)
args = parser.parse_args()

frame = load_customers()
model = train(frame, alpha=args.alpha)
print(f"trained on {len(frame)} customers")
