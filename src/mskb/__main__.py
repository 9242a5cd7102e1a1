import sys

from mskb.cli import main

sys.exit(main())
