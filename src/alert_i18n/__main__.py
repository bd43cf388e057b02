"""``python -m alert_i18n``"""

import sys

from .cli import main

sys.exit(main())
