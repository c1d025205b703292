import sys

from court12368.cli import main

sys.exit(main())
