#!/usr/bin/env python
from contenthub.cli import main

if __name__ == "__main__":
    main()
