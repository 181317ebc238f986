5136 test_entities 1790
