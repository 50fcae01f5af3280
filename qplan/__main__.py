from qplan.cli import main

main()
