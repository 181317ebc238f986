4979 test_boilerplate 5020
