package main

import (
	"github.com/fullstack-lab/fullstack-lab/harness"
)

// stackName is the backend the user asked for.
func stackName() string {
	if flagStack != "" {
		return flagStack
	}
	return harness.BackendFromEnv()
}

// stackDir is the stack's directory.
func stackDir() string {
	if flagDir != "" {
		return flagDir
	}
	return harness.DirFromEnv()
}

// attach reads the endpoints of the stack that `lab up` runs in the stack's directory.
func attach() (harness.State, error) {
	return harness.ReadState(stackDir())
}
