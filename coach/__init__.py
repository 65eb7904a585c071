"""coach: live and post-call coaching for support voice calls.

Importing this package pins every model library to offline mode before any of them is imported,
so no code path can reach a model hub or send usage metrics.
"""

from coach._offline import enforce_offline

enforce_offline()

__version__ = "0.1.0"
