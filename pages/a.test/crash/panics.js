isohostTest.panic();
