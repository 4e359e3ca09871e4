package serve_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }

// abUserAgent is the User-Agent of Apache Bench 2.3.
const abUserAgent = "ApacheBench/2.3"

// get sends n GET requests to url, c at a time, with the headers ab sends
// (Host, User-Agent, Accept) and returns how many were answered 200. It is
// the tests' own load, not the bench step's.
func get(t *testing.T, url, host string, n, c int) int {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableCompression: true}}
	t.Cleanup(client.CloseIdleConnections)
	var mu sync.Mutex
	ok := 0
	var errs []error
	jobs := make(chan struct{})
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				req, err := http.NewRequest("GET", url, nil)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					continue
				}
				if host != "" {
					req.Host = host
				}
				req.Header.Set("User-Agent", abUserAgent)
				req.Header.Set("Accept", "*/*")
				resp, err := client.Do(req)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						ok++
					}
				}
				mu.Unlock()
			}
		}()
	}
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	require.NoError(t, errors.Join(errs...), "GET %s", url)
	return ok
}

func decode(t *testing.T, v string) map[string]string {
	t.Helper()
	var ev map[string]string
	require.NoError(t, json.Unmarshal([]byte(v), &ev), "event %q", v)
	return ev
}
