package main

import (
	"fmt"
	"io"

	"github.com/fullstack-lab/fullstack-lab/harness/external"
	"github.com/fullstack-lab/fullstack-lab/harness/stack"
	"github.com/spf13/cobra"
)

func newEnvCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "env",
		Short: "Print the running stack's addresses as LAB_* variables, for the external backend",
		Long: `Print the addresses of the stack that 'lab up' runs in the stack's directory
as an env file of the external backend (the format of fixtures/compose/external.env):

  lab env --dir /tmp/st > st.env
  lab up -d --stack external --env-file st.env --dir /tmp/ext
  set -a; . st.env; set +a; go test ./steps/...      # LAB_STACK=external

Any stack's services can so be used as someone else's cluster; 'make test-external' does this.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := g.attach()
			if err != nil {
				return err
			}
			writeEnv(cmd.OutOrStdout(), st)
			return nil
		},
	}
}

func writeEnv(w io.Writer, st stack.State) {
	fmt.Fprintf(w, "# the %s stack in %s, as an external stack\n", st.Backend, st.Dir)
	fmt.Fprintf(w, "%s=external\n", stack.EnvStack)
	for _, v := range []struct{ name, value string }{
		{external.EnvKafka, st.KafkaBrokers()},
		{external.EnvWarehouse, st.Warehouse},
		{external.EnvMetastore, st.Metastore},
		{external.EnvPresto, st.Presto},
		{external.EnvLocations, st.Locations},
	} {
		if v.value != "" {
			fmt.Fprintf(w, "%s=%s\n", v.name, v.value)
		}
	}
}
