package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/fullstack-lab/fullstack-lab/harness/stack"
)

// stackName is the backend the user asked for.
func stackName() string {
	if flagStack != "" {
		return flagStack
	}
	return stack.BackendFromEnv()
}

// stackDir is the stack's directory.
func stackDir() string {
	if flagDir != "" {
		return flagDir
	}
	return stack.DirFromEnv()
}

// attach reads the endpoints of the stack that `lab up` runs in the stack's directory.
func attach() (stack.State, error) {
	return stack.ReadState(stackDir())
}

// brokers returns the -b/--brokers flag's list when given, else the running stack's Kafka.
func brokers(flag string) ([]string, error) {
	if flag != "" {
		return strings.Split(flag, ","), nil
	}
	st, err := attach()
	if err != nil {
		return nil, fmt.Errorf("%w\n(or give the brokers with -b host:port)", err)
	}
	return st.Kafka, nil
}

func secondsDuration(s int) time.Duration { return time.Duration(s) * time.Second }
