from commit_cli.cli import main

main()
