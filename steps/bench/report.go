package bench

import (
	"fmt"
	"io"
	"math"
	"net"
	"time"
)

// Report writes ab's report of res.
func (res *Result) Report(w io.Writer) {
	host, port, err := net.SplitHostPort(res.URL.Host)
	if err != nil {
		host, port = res.URL.Host, "80"
	}
	secs := res.Duration.Seconds()
	if secs == 0 {
		secs = 1e-9
	}
	docLen := res.DocumentLength
	if docLen < 0 {
		docLen = 0
	}
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("")
	p("")
	p("Server Software:        %s", res.ServerSoftware)
	p("Server Hostname:        %s", host)
	p("Server Port:            %s", port)
	p("")
	p("Document Path:          %s", res.URL.RequestURI())
	p("Document Length:        %d bytes", docLen)
	p("")
	p("Concurrency Level:      %d", res.Concurrency)
	p("Time taken for tests:   %.3f seconds", secs)
	p("Complete requests:      %d", res.Complete)
	p("Failed requests:        %d", res.Failed)
	if res.Failed > 0 {
		p("   (Connect: %d, Receive: %d, Length: %d, Exceptions: %d)", res.FailConnect, res.FailReceive, res.FailLength, res.FailExceptions)
	}
	if res.Non2xx > 0 {
		p("Non-2xx responses:      %d", res.Non2xx)
	}
	if res.KeepAlive {
		p("Keep-Alive requests:    %d", res.KeepAliveReqs)
	}
	p("Total transferred:      %d bytes", res.TotalBytes)
	p("HTML transferred:       %d bytes", res.HTMLBytes)
	p("Requests per second:    %.2f [#/sec] (mean)", float64(res.Complete)/secs)
	if res.Complete > 0 {
		p("Time per request:       %.3f [ms] (mean)", float64(res.Concurrency)*secs*1000/float64(res.Complete))
		p("Time per request:       %.3f [ms] (mean, across all concurrent requests)", secs*1000/float64(res.Complete))
	}
	p("Transfer rate:          %.2f [Kbytes/sec] received", float64(res.TotalBytes)/1024/secs)
	if res.Complete == 0 {
		return
	}
	p("")
	p("Connection Times (ms)")
	p("              min  mean[+/-sd] median   max")
	processing := make([]time.Duration, len(res.Total))
	for i := range res.Total {
		processing[i] = res.Total[i] - res.Connect[i]
	}
	row := func(name string, ds []time.Duration) {
		s := sortedCopy(ds)
		mean, sd := meanSD(s)
		p("%-11s %5d %4.0f %5.1f %6d %7d", name+":", ms(s[0]), mean, sd, ms(median(s)), ms(s[len(s)-1]))
	}
	row("Connect", res.Connect)
	row("Processing", processing)
	row("Waiting", res.Waiting)
	row("Total", res.Total)
	p("")
	p("Percentage of the requests served within a certain time (ms)")
	total := sortedCopy(res.Total)
	for _, q := range []int{50, 66, 75, 80, 90, 95, 98, 99} {
		p(" %3d%% %6d", q, ms(percentile(total, q)))
	}
	p(" 100%% %6d (longest request)", ms(total[len(total)-1]))
}

// Banner is ab's "Benchmarking host (be patient)" banner.
func Banner(w io.Writer, host string) {
	fmt.Fprintln(w, "This is lab bench, Apache Bench (ab 2.3) in Go, with ab's report.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Benchmarking %s (be patient).....done\n", host)
}

func ms(d time.Duration) int64 { return int64(math.Round(float64(d) / float64(time.Millisecond))) }

func median(s []time.Duration) time.Duration {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func meanSD(s []time.Duration) (mean, sd float64) {
	for _, d := range s {
		mean += float64(d) / float64(time.Millisecond)
	}
	mean /= float64(len(s))
	for _, d := range s {
		x := float64(d)/float64(time.Millisecond) - mean
		sd += x * x
	}
	if len(s) > 1 {
		sd = math.Sqrt(sd / float64(len(s)-1))
	}
	return mean, sd
}
