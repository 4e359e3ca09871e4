package hms

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/user"
	"sync"
	"time"

	"github.com/apache/thrift/lib/go/thrift"
	"github.com/beltran/gohive/hive_metastore"
)

// Client is a connection to a Hive Metastore. It is safe for concurrent use:
// calls are serialized on one Thrift connection, which is opened again (and
// the call retried once) when it breaks, so a metastore restart costs one
// failed read at most.
type Client struct {
	addr string
	cfg  config

	mu     sync.Mutex
	conn   *conn
	closed bool
	// noTableReq is set once the server said it has no get_table_req (Hive 2).
	noTableReq bool
}

type conn struct {
	trans thrift.TTransport
	ms    *hive_metastore.ThriftHiveMetastoreClient
}

// Option configures Dial.
type Option func(*config)

type config struct {
	connectTimeout time.Duration
	socketTimeout  time.Duration
	user           string
}

// WithTimeouts sets how long to wait for a connection and for each reply
// (defaults 10 s and 60 s).
func WithTimeouts(connect, reply time.Duration) Option {
	return func(c *config) { c.connectTimeout, c.socketTimeout = connect, reply }
}

// WithUser sets the owner recorded on created databases and tables
// (default: the current user).
func WithUser(name string) Option { return func(c *config) { c.user = name } }

// Dial connects to the metastore's Thrift port at addr (host:port), as Hive's
// own clients do without SASL: TBufferedTransport and TBinaryProtocol.
func Dial(addr string, opts ...Option) (*Client, error) {
	cfg := config{connectTimeout: 10 * time.Second, socketTimeout: 60 * time.Second, user: defaultUser()}
	for _, o := range opts {
		o(&cfg)
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, fmt.Errorf("dial metastore %q: %w", addr, err)
	}
	c := &Client{addr: addr, cfg: cfg}
	cn, err := c.open()
	if err != nil {
		return nil, err
	}
	c.conn = cn
	return c, nil
}

// Addr is the metastore's address.
func (c *Client) Addr() string { return c.addr }

// Close closes the connection. Calls after Close return ErrClosed.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.conn == nil {
		return nil
	}
	err := c.conn.trans.Close()
	c.conn = nil
	return err
}

func (c *Client) open() (*conn, error) {
	sock := thrift.NewTSocketConf(c.addr, &thrift.TConfiguration{
		ConnectTimeout: c.cfg.connectTimeout,
		SocketTimeout:  c.cfg.socketTimeout,
	})
	if err := sock.Open(); err != nil {
		return nil, fmt.Errorf("dial metastore %s: %w", c.addr, err)
	}
	trans := thrift.NewTBufferedTransport(sock, 4096)
	pf := thrift.NewTBinaryProtocolFactoryConf(nil)
	ms := hive_metastore.NewThriftHiveMetastoreClient(
		thrift.NewTStandardClient(pf.GetProtocol(trans), pf.GetProtocol(trans)))
	return &conn{trans: trans, ms: ms}, nil
}

// call runs f on the connection, reconnecting once if the connection is
// broken, and turns the metastore's exceptions into *Error.
func (c *Client) call(op string, f func(ms *hive_metastore.ThriftHiveMetastoreClient) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for attempt := 0; ; attempt++ {
		if c.closed {
			return fmt.Errorf("%s: %w", op, ErrClosed)
		}
		if c.conn == nil {
			cn, err := c.open()
			if err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			c.conn = cn
		}
		err := f(c.conn.ms)
		if err == nil {
			return nil
		}
		if broken(err) {
			c.conn.trans.Close()
			c.conn = nil
			if attempt == 0 {
				continue
			}
		}
		return wrap(op, err)
	}
}

// broken reports whether err left the connection unusable.
func broken(err error) bool {
	var te thrift.TTransportException
	var pe thrift.TProtocolException
	return errors.As(err, &te) || errors.As(err, &pe)
}

// unknownMethod reports whether the server answered that it has no such call.
func unknownMethod(err error) bool {
	var ae thrift.TApplicationException
	return errors.As(err, &ae) && ae.TypeId() == thrift.UNKNOWN_METHOD
}

func defaultUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "hive"
}

// bg is the context of Thrift calls: their deadline is the socket timeout.
func bg() context.Context { return context.Background() }
