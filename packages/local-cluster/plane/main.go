// Command loupe-plane runs a real Kubernetes control plane in one process: etcd embedded in-process,
// kube-apiserver and kube-controller-manager, all on loopback. It is Loupe's local cluster for tests and the
// no-kubeconfig demo. There is no scheduler and no kubelet: Pods are created and stay Pending.
//
// Usage:
//
//	loupe-plane [plane flags] -- [kube-apiserver flags] [-- [kube-controller-manager flags]]
//
// The plane flags configure etcd and the process's lifetime; the second section goes to kube-apiserver
// unchanged (its --etcd-servers must point at --etcd-client-url). When a third section is given,
// kube-controller-manager runs with those flags once kube-apiserver answers /readyz (the plane polls
// https://<--bind-address>:<--secure-port>/readyz with the bearer token of the controller-manager's
// --kubeconfig, trusting <--cert-dir>/apiserver.crt); before it starts, the CA of kube-apiserver's self-signed
// serving certificate is written to --serving-ca-file, for the controller-manager's --root-ca-file and
// kubeconfig.
//
// The process exits when kube-apiserver stops (SIGTERM/SIGINT are handled by kube-apiserver itself), when
// kube-controller-manager fails, and, with --exit-with-stdin, when its standard input closes: the parent that
// started it has gone, so no orphan outlives a killed test run.
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/component-base/cli"
	cliflag "k8s.io/component-base/cli/flag"
	logsapi "k8s.io/component-base/logs/api/v1"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	sections := splitArgs(args)
	planeArgs, apiserverArgs := sections[0], sections[1]
	fs := flag.NewFlagSet("loupe-plane", flag.ContinueOnError)
	dataDir := fs.String("etcd-data-dir", "", "etcd data directory (required)")
	clientURL := fs.String("etcd-client-url", "", "etcd client URL, e.g. http://127.0.0.1:2379 (required)")
	peerURL := fs.String("etcd-peer-url", "", "etcd peer URL, e.g. http://127.0.0.1:2380 (required)")
	noFsync := fs.Bool("etcd-unsafe-no-fsync", false, "skip fsync in etcd: faster, for throwaway test clusters only")
	exitWithStdin := fs.Bool("exit-with-stdin", false, "shut down when standard input reaches EOF (the parent has gone)")
	servingCAFile := fs.String("serving-ca-file", "", "where to write kube-apiserver's serving CA before kube-controller-manager starts (required with a controller-manager section)")
	if err := fs.Parse(planeArgs); err != nil {
		return 2
	}
	if *dataDir == "" || *clientURL == "" || *peerURL == "" {
		fmt.Fprintln(os.Stderr, "loupe-plane: --etcd-data-dir, --etcd-client-url and --etcd-peer-url are required")
		return 2
	}
	if len(sections) > 3 {
		fmt.Fprintln(os.Stderr, "loupe-plane: at most three sections: [plane flags] -- [kube-apiserver flags] -- [kube-controller-manager flags]")
		return 2
	}
	var kcmArgs []string
	withKCM := len(sections) == 3
	if withKCM {
		kcmArgs = sections[2]
		if *servingCAFile == "" {
			fmt.Fprintln(os.Stderr, "loupe-plane: --serving-ca-file is required with a kube-controller-manager section")
			return 2
		}
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

	// Both components apply the same default logging configuration; the second application must not fail.
	logsapi.ReapplyHandling = logsapi.ReapplyHandlingIgnoreUnchanged

	var kcmFailed atomic.Bool
	if withKCM {
		// Made before kube-apiserver's command: its flags override a default of the process-wide feature gate
		// (WatchListClient on, as in kube-controller-manager's own binary), which is no longer possible once
		// kube-apiserver has added the gates to its flag set.
		kcm := controllermanager.NewControllerManagerCommand()
		go func() {
			if err := runControllerManager(kcm, apiserverArgs, kcmArgs, *servingCAFile); err != nil {
				fmt.Fprintf(os.Stderr, "loupe-plane: kube-controller-manager: %v\n", err)
				kcmFailed.Store(true)
				// A control plane without its controllers is not the cluster that was asked for: stop it all.
				_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
			}
		}()
	}

	// NewAPIServerCommand sets up its own signal context; calling SetupSignalContext here too would panic.
	command := apiserver.NewAPIServerCommand()
	command.SetArgs(apiserverArgs)
	code := cli.Run(command)
	if code == 0 && kcmFailed.Load() {
		code = 1
	}
	return code
}

// runControllerManager waits until kube-apiserver is ready, writes its serving CA, then runs
// kube-controller-manager; it returns only when that fails (without leader election it runs until the process
// ends).
func runControllerManager(command *cobra.Command, apiserverArgs, kcmArgs []string, servingCAFile string) error {
	certDir := flagValue(apiserverArgs, "cert-dir", "/var/run/kubernetes")
	host := flagValue(apiserverArgs, "bind-address", "0.0.0.0")
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	readyz := "https://" + net.JoinHostPort(host, flagValue(apiserverArgs, "secure-port", "6443")) + "/readyz"
	chainFile := filepath.Join(certDir, "apiserver.crt")

	token, err := kubeconfigToken(flagValue(kcmArgs, "kubeconfig", ""))
	if err != nil {
		return err
	}
	if err := waitReady(readyz, chainFile, token, 5*time.Minute); err != nil {
		return err
	}
	ca, err := lastCertificate(chainFile)
	if err != nil {
		return err
	}
	if err := os.WriteFile(servingCAFile, ca, 0o644); err != nil {
		return fmt.Errorf("--serving-ca-file: %w", err)
	}

	command.SetGlobalNormalizationFunc(cliflag.WordSepNormalizeFunc)
	command.SetArgs(kcmArgs)
	command.SilenceUsage = true
	if err := command.Execute(); err != nil {
		return err
	}
	return errors.New("stopped")
}

// kubeconfigToken returns the bearer token of the kubeconfig's current user ("" without a kubeconfig or token),
// to ask /readyz as the controller-manager will. The file is read as plain data: its CA file does not exist yet.
func kubeconfigToken(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		return "", fmt.Errorf("--kubeconfig: %w", err)
	}
	if kctx, ok := cfg.Contexts[cfg.CurrentContext]; ok {
		if user, ok := cfg.AuthInfos[kctx.AuthInfo]; ok {
			return user.Token, nil
		}
	}
	return "", nil
}

// waitReady polls kube-apiserver's /readyz until it answers 200, trusting the certificates of its
// self-signed serving chain (re-read on every attempt: the first run writes it while starting).
func waitReady(readyz, chainFile, token string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last := "no answer"
	for time.Now().Before(deadline) {
		ok, detail := probe(readyz, chainFile, token)
		if ok {
			return nil
		}
		last = detail
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("kube-apiserver was not ready after %s (last: %s)", timeout, last)
}

func probe(readyz, chainFile, token string) (bool, string) {
	chain, err := os.ReadFile(chainFile)
	if err != nil {
		return false, err.Error()
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(chain) {
		return false, "no certificate in " + chainFile
	}
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, DisableKeepAlives: true},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, readyz, nil)
	if err != nil {
		return false, err.Error()
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return resp.StatusCode == http.StatusOK, fmt.Sprintf("%d %s", resp.StatusCode, bytes.TrimSpace(body))
}

// lastCertificate returns the last PEM certificate of kube-apiserver's self-signed chain: the CA that signed
// its serving certificate (the file holds the serving certificate first).
func lastCertificate(chainFile string) ([]byte, error) {
	rest, err := os.ReadFile(chainFile)
	if err != nil {
		return nil, err
	}
	var last *pem.Block
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "CERTIFICATE" {
			last = block
		}
	}
	if last == nil {
		return nil, fmt.Errorf("no certificate in %s", chainFile)
	}
	return pem.EncodeToMemory(last), nil
}

// flagValue returns the last value of --name in args ("--name=v" or "--name v"), else def.
func flagValue(args []string, name, def string) string {
	value := def
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			value = v
		} else if a == "--"+name && i+1 < len(args) {
			value = args[i+1]
		}
	}
	return value
}

// splitArgs separates the sections of the command line at each "--": the plane's own flags, then
// kube-apiserver's, then kube-controller-manager's (optional).
func splitArgs(args []string) [][]string {
	sections := [][]string{{}}
	for _, a := range args {
		if a == "--" {
			sections = append(sections, []string{})
			continue
		}
		sections[len(sections)-1] = append(sections[len(sections)-1], a)
	}
	for len(sections) < 2 {
		sections = append(sections, nil)
	}
	return sections
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
