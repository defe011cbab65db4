// Command loupe-plane runs a real Kubernetes control plane in one process: etcd embedded in-process and
// kube-apiserver, both on loopback. It is Loupe's local cluster for tests and the no-kubeconfig demo.
//
// Usage:
//
//	loupe-plane [plane flags] -- [kube-apiserver flags]
//
// The plane flags configure etcd and the process's lifetime; everything after "--" goes to kube-apiserver
// unchanged (its --etcd-servers must point at --etcd-client-url). The process exits when kube-apiserver
// stops (SIGTERM/SIGINT are handled by kube-apiserver itself), and, with --exit-with-stdin, when its
// standard input closes: the parent that started it has gone, so no orphan outlives a killed test run.
package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	planeArgs, apiserverArgs := splitArgs(args)
	fs := flag.NewFlagSet("loupe-plane", flag.ContinueOnError)
	dataDir := fs.String("etcd-data-dir", "", "etcd data directory (required)")
	clientURL := fs.String("etcd-client-url", "", "etcd client URL, e.g. http://127.0.0.1:2379 (required)")
	peerURL := fs.String("etcd-peer-url", "", "etcd peer URL, e.g. http://127.0.0.1:2380 (required)")
	noFsync := fs.Bool("etcd-unsafe-no-fsync", false, "skip fsync in etcd: faster, for throwaway test clusters only")
	exitWithStdin := fs.Bool("exit-with-stdin", false, "shut down when standard input reaches EOF (the parent has gone)")
	if err := fs.Parse(planeArgs); err != nil {
		return 2
	}
	if *dataDir == "" || *clientURL == "" || *peerURL == "" {
		fmt.Fprintln(os.Stderr, "loupe-plane: --etcd-data-dir, --etcd-client-url and --etcd-peer-url are required")
		return 2
	}

	etcd, err := startEtcd(*dataDir, *clientURL, *peerURL, *noFsync)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loupe-plane: etcd: %v\n", err)
		return 1
	}
	defer etcd.Close()

	if *exitWithStdin {
		go func() {
			// Read until EOF; the parent holds the other end and its death closes it.
			_, _ = io.Copy(io.Discard, os.Stdin)
			// kube-apiserver owns the signal handling: ask it to shut down as a signal would.
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		}()
	}

	go func() {
		// If etcd fails, kube-apiserver cannot serve: end the process rather than hang half-alive.
		if err := <-etcd.Err(); err != nil {
			fmt.Fprintf(os.Stderr, "loupe-plane: etcd stopped: %v\n", err)
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		}
	}()

	// NewAPIServerCommand sets up its own signal context; calling SetupSignalContext here too would panic.
	command := app.NewAPIServerCommand()
	command.SetArgs(apiserverArgs)
	return cli.Run(command)
}

// splitArgs separates the plane's own flags from kube-apiserver's at the first "--".
func splitArgs(args []string) (plane, apiserver []string) {
	for i, a := range args {
		if a == "--" {
			return args[:i], args[i+1:]
		}
	}
	return args, nil
}

func startEtcd(dir, clientURL, peerURL string, noFsync bool) (*embed.Etcd, error) {
	cu, err := url.Parse(clientURL)
	if err != nil {
		return nil, fmt.Errorf("--etcd-client-url: %w", err)
	}
	pu, err := url.Parse(peerURL)
	if err != nil {
		return nil, fmt.Errorf("--etcd-peer-url: %w", err)
	}
	cfg := embed.NewConfig()
	cfg.Name = "loupe"
	cfg.Dir = dir
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	cfg.UnsafeNoFsync = noFsync

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
		return e, nil
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, fmt.Errorf("not ready after 60s")
	}
}
