package stack

import (
	"os"
	"strings"
)

// EnvStack and EnvDir are the environment variables behind --stack and --dir.
const (
	EnvStack = "LAB_STACK"
	EnvDir   = "LAB_DIR"
)

// DefaultDir is the stack's directory when neither --dir nor LAB_DIR says otherwise.
const DefaultDir = ".lab"

// BackendFromEnv returns LAB_STACK, or embedded when it is unset. Only the
// edges call it: the lab command's flag defaults and harness.Start.
func BackendFromEnv() string {
	if b := strings.TrimSpace(os.Getenv(EnvStack)); b != "" {
		return b
	}
	return Embedded
}

// DirFromEnv returns LAB_DIR, or DefaultDir when it is unset (see BackendFromEnv).
func DirFromEnv() string {
	if d := strings.TrimSpace(os.Getenv(EnvDir)); d != "" {
		return d
	}
	return DefaultDir
}
