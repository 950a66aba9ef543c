"""The log of the best model's Solver (FullyConnectedNets.ipynb)."""
TITLE = "Best model log"
GRADES = "logs"  # judged from the submitted experiment logs
