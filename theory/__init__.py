"""What the paper claims: task families, complexity classes, claims with bounds."""
