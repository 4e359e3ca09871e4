// Command lab runs the week-13 full-stack lab: the stack, each step of the pipeline, and its grading.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rs/zerolog"
)

func main() {
	// presto-go-client logs through zerolog's global logger at debug level,
	// e.g. a JSON line at every Ctrl-C of a query, because real Presto answers
	// the cancel's DELETE with 204 and the client takes only 200 for success.
	// LAB_DEBUG=1 keeps those lines.
	if os.Getenv("LAB_DEBUG") == "" {
		zerolog.SetGlobalLevel(zerolog.InfoLevel)
	}
	args := os.Args[1:]
	// The one signal context: the first Ctrl-C or SIGTERM cancels the
	// command's context (a stream finishes its batch, a stack stops); a
	// second has the signal's default action. A command that handles Ctrl-C
	// itself (the Presto prompt cancels a query) gets SIGTERM only.
	sigs := []os.Signal{syscall.SIGTERM}
	if !ownsInterrupt(args) {
		sigs = append(sigs, os.Interrupt)
	}
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := execute(ctx, args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs the lab command line args with the environment getenv and
// returns its exit code, the error printed on errOut.
func execute(ctx context.Context, args []string, getenv func(string) string, out, errOut io.Writer) int {
	root := newRootCmd(newGlobals(getenv))
	root.SetArgs(hadoopArgs(args, valuedFlags(root)))
	root.SetOut(out)
	root.SetErr(errOut)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(errOut, "lab:", err)
		return exitCode(err)
	}
	return exitOK
}

// annotationOwnInterrupt marks a command that handles Ctrl-C itself.
const annotationOwnInterrupt = "lab/own-interrupt"

// ownsInterrupt reports whether the command that args run handles Ctrl-C itself.
func ownsInterrupt(args []string) bool {
	root := newRootCmd(newGlobals(func(string) string { return "" }))
	cmd, _, err := root.Find(hadoopArgs(args, valuedFlags(root)))
	return err == nil && cmd.Annotations[annotationOwnInterrupt] != ""
}
