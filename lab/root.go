package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Command groups of lab --help.
const (
	groupStack  = "stack"
	groupSteps  = "steps"
	groupCourse = "course"
)

// newRootCmd builds the lab command and its subcommands over g.
func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "lab",
		Short: "The week-13 full-stack lab: a game API, Kafka, Parquet on HDFS, Hive, Presto, streaming",
		Long: `lab runs every step of the week-13 class in Go, against a real stack.

Start a stack with 'lab up' (embedded by default: Kafka, a warehouse directory,
a Hive Metastore and Presto, all in one process), then run the steps against it:
serve, bench, tail, extract, hive, presto, stream. 'lab run' does the whole
class in order.

The stack's backend is chosen with --stack or LAB_STACK (embedded, local,
containers, external); its directory (state, data, logs) with --dir or LAB_DIR
(default ./.lab).

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Any argument here is a command lab does not have (a usage error);
		// no argument prints the help.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("unknown command %q for %q\nRun 'lab --help' for usage", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			warnDeprecated(cmd)
			return g.load()
		},
	}
	g.addRootFlags(root)
	root.AddGroup(
		&cobra.Group{ID: groupStack, Title: "The stack:"},
		&cobra.Group{ID: groupSteps, Title: "The class's steps:"},
		&cobra.Group{ID: groupCourse, Title: "The course (the whole class, grading, starter trees):"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add(groupStack, newUpCmd(g), newDownCmd(g), newStatusCmd(g), newRestartCmd(g), newEnvCmd(g), newImagesCmd(g))
	add(groupSteps, newServeCmd(g), newBenchCmd(g), newTailCmd(g), newExtractCmd(g), newFsCmd(g),
		newHiveCmd(g), newPrestoCmd(g), newStreamCmd(g), newSparkSubmitCmd(g))
	add(groupCourse, newRunCmd(g), newGradeCmd(g), newStarterCmd(g))
	root.SetHelpCommandGroupID(groupCourse)
	root.SetCompletionCommandGroupID(groupCourse)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	usageArgs(root)
	return root
}

// usageArgs makes each command's argument errors usage errors (exit 2).
func usageArgs(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				if !strings.Contains(err.Error(), "lab --help") {
					err = fmt.Errorf("%w\nRun '%s --help' for usage", err, c.CommandPath())
				}
				return usageError(err)
			}
			return nil
		}
	}
	for _, c := range cmd.Commands() {
		usageArgs(c)
	}
}
