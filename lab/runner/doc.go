// Package runner runs the week-13 class step by step against a stack, narrating each step with the command it replaces.
package runner
