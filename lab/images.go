package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/fullstack-lab/fullstack-lab/harness/containers/images"
	"github.com/fullstack-lab/fullstack-lab/harness/local"
	"github.com/spf13/cobra"
)

// imagesOptions are `lab images`'s settings.
type imagesOptions struct {
	images.Options
	KeepBase bool
}

func newImagesCmd(*globals) *cobra.Command {
	var opts imagesOptions
	cmd := &cobra.Command{
		Use:   "images",
		Short: "Build, list or remove the containers backend's images",
		Long: `The containers backend runs the lab's own images (fullstack-lab/<service>:<version>),
built from fixtures/images with the same Maven artifacts as the local backend:
Kafka 3.9.1 + ZooKeeper 3.8.4, Hadoop 3.4.1, the Hive metastore 3.1.3, PrestoDB 0.287,
on Java 17 (--images upstream picks the pinned public images instead).

  lab images build   build what is missing or out of date (a second run does nothing)
  lab images list    show which are there
  lab images rm      remove them

The services' jars come from the local backend's cache (~/.cache/fullstack-lab,
fetched with Maven the first time: needs Java 17+ and Maven). The JRE image is
built on --base (a Debian bookworm image, e.g. debian:bookworm-slim where Docker
Hub answers) or, by default, on a base made from Debian packages with debootstrap
(needs root and debootstrap, once: the root filesystem is cached); --jre uses a
ready Java 17 image instead (e.g. eclipse-temurin:17-jre).`,
	}
	flags := cmd.PersistentFlags()
	flags.StringVar(&opts.Docker, "docker", "", "the Docker engine (a DOCKER_HOST value; default $DOCKER_HOST, else the docker command's default)")
	build := &cobra.Command{
		Use:   "build",
		Short: "Build the images that are missing or out of date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Progress = cmd.ErrOrStderr()
			return runImagesBuild(cmd.Context(), opts)
		},
	}
	build.Flags().StringVar(&opts.Base, "base", "", "Debian bookworm image to build the JRE on (default: made with debootstrap)")
	build.Flags().StringVar(&opts.JRE, "jre", "", "Java 17 image to build the services on (default: fullstack-lab/jre:17, built here)")
	build.Flags().StringVar(&opts.Mirror, "mirror", "", "Debian mirror for debootstrap (default http://deb.debian.org/debian)")
	list := &cobra.Command{
		Use:   "list",
		Short: "Show the lab's images and whether the engine has them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runImagesList(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	rm := &cobra.Command{
		Use:   "rm",
		Short: "Remove the lab's images (the cached Debian root filesystem stays)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runImagesRm(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	rm.Flags().BoolVar(&opts.KeepBase, "keep-base", false, "keep the Debian and JRE images")
	cmd.AddCommand(build, list, rm)
	return cmd
}

func runImagesBuild(ctx context.Context, opts imagesOptions) error {
	opts.Local = local.OptionsFromEnv() // LAB_CACHE, JAVA_HOME: the jars' cache and Maven's JDK
	return images.Build(ctx, opts.Options)
}

func runImagesList(ctx context.Context, opts imagesOptions, out io.Writer) error {
	ls, err := images.List(ctx, opts.Options)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "IMAGE\tID\tSIZE\tCREATED")
	missing := 0
	for _, l := range ls {
		if !l.Present {
			missing++
			fmt.Fprintf(tw, "%s\t-\t-\tmissing\n", l.Ref)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d MB\t%s\n", l.Ref, l.ID, l.Size>>20, l.Created)
	}
	tw.Flush()
	if missing > 0 {
		fmt.Fprintf(out, "\n%d missing: lab images build\n", missing)
	}
	return nil
}

func runImagesRm(ctx context.Context, opts imagesOptions, out io.Writer) error {
	removed, err := images.Remove(ctx, opts.Options, opts.KeepBase)
	for _, r := range removed {
		fmt.Fprintf(out, "removed %s\n", r)
	}
	if err == nil && len(removed) == 0 {
		fmt.Fprintln(out, "no lab image to remove")
	}
	return err
}
