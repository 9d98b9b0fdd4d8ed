"""python -m carehome_desk: the same as the carehome-desk command."""

import sys

from carehome_desk.start import main

sys.exit(main())
