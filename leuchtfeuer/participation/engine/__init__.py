"""Pure computation of the participation part (no Django): budget counting and Bürgerrat lottery."""
