package main

import (
	"net"
	"os/exec"
	"runtime"
	"strconv"
)

// previewURLs returns the address to open the preview at and, when it
// listens on every interface, the addresses other machines of the network
// can use.
func previewURLs(addr net.Addr, basePath string) (string, []string) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String() + basePath, nil
	}
	port := strconv.Itoa(tcp.Port)
	if !tcp.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort(tcp.IP.String(), port) + basePath, nil
	}
	var lan []string
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() {
			continue
		}
		if tcp.IP.To4() != nil && ipn.IP.To4() == nil {
			continue // listening on IPv4 only
		}
		lan = append(lan, "http://"+net.JoinHostPort(ipn.IP.String(), port)+basePath)
	}
	return "http://localhost:" + port + basePath, lan
}

// openBrowser opens u in the user's web browser, or with e.opener when a
// test set one.
func (e *env) openBrowser(u string) error {
	if e.opener != nil {
		return e.opener(u)
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the browser outlives us; nothing to report
	return nil
}
