package feigntest

import (
	"context"
	"net"
	"sync"
	"syscall"
)

// memoryHost is the host of an in-memory Server's URL. The .test top-level domain is
// reserved for testing (RFC 2606), so the name can never reach a real host.
const memoryHost = "feigntest.test"

// pipeListener is a net.Listener whose connections are the server ends of net.Pipe
// pairs that dial creates. Everything it blocks on is a channel, so inside a
// testing/synctest bubble a goroutine waiting on it (or on a pipe) is durably blocked.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial is the DialContext of the Server's Transport. It reaches only this server: any
// other address is refused, as a port where nothing listens would be, so a redirect
// elsewhere fails instead of landing here.
func (l *pipeListener) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if addr != memoryHost+":80" {
		return nil, &net.OpError{Op: "dial", Net: network, Addr: stringAddr(addr), Err: syscall.ECONNREFUSED}
	}
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		server.Close()
		client.Close()
		return nil, &net.OpError{Op: "dial", Net: network, Addr: pipeAddr{}, Err: syscall.ECONNREFUSED}
	case <-ctx.Done():
		server.Close()
		client.Close()
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return memoryHost + ":80" }

type stringAddr string

func (a stringAddr) Network() string { return "tcp" }
func (a stringAddr) String() string  { return string(a) }
