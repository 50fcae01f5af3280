from qplan.entry import main

main()
