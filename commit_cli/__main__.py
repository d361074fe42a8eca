from commit_cli.cli.app import run

run()
