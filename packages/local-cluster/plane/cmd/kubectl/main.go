// Command kubectl is kubectl of the same Kubernetes release as the local cluster, built from the same module so
// that tests and benchmarks can compare Loupe with it (and render kustomize overlays with `kubectl kustomize`)
// on machines that have no kubectl of their own.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	if err := cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()); err != nil {
		util.CheckErr(err)
	}
	os.Exit(0)
}
