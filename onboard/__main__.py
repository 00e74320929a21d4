"""`python -m onboard`: the same command as `onboard`."""

from onboard.cli import main

if __name__ == "__main__":
    main()
