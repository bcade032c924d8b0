import sys
from pathlib import Path

# Make tests/support.py importable as `support` wherever pytest is started.
sys.path.insert(0, str(Path(__file__).parent))
