"""python -m swapledger -> the CLI."""

from swapledger.cli.main import main

main()
