package extract

import "time"

// SparkTimestamp formats t in UTC as Spark casts a timestamp to a string:
// "yyyy-MM-dd HH:mm:ss" and the fraction of a second without its trailing
// zeros ("2018-04-04 22:36:13.124", "... 13.12", "... 13.1", or "... 13").
func SparkTimestamp(t time.Time) string {
	var b [32]byte
	return string(appendSparkTimestamp(b[:0], t))
}

func appendSparkTimestamp(b []byte, t time.Time) []byte {
	// BEGIN SOLUTION: format t in UTC as Spark casts a timestamp to a string (yyyy-MM-dd HH:mm:ss and the fraction without trailing zeros)
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, int(mo))
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, ' ')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, s)
	// Spark keeps microseconds; Kafka record times have milliseconds.
	us := t.Nanosecond() / 1000
	if us == 0 {
		return b
	}
	digits := 6
	for us%10 == 0 {
		us /= 10
		digits--
	}
	b = append(b, '.')
	var frac [6]byte
	for i := digits - 1; i >= 0; i-- {
		frac[i] = byte('0' + us%10)
		us /= 10
	}
	return append(b, frac[:digits]...)
	// END SOLUTION
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

func append4(b []byte, n int) []byte {
	if n < 0 || n > 9999 {
		return append(b, time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")...)
	}
	return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// appendSparkMicros appends the Spark string of the time us microseconds after the Unix epoch.
func appendSparkMicros(b []byte, us int64) []byte {
	return appendSparkTimestamp(b, time.UnixMicro(us))
}

// tsCache formats record times as Spark strings into one buffer, once for a
// run of equal times (records of one millisecond share their text).
type tsCache struct {
	buf  []byte
	last []byte
	us   int64
}

// text is the Spark string of the time us microseconds after the epoch,
// valid until reset.
func (c *tsCache) text(us int64) []byte {
	if c.last != nil && us == c.us {
		return c.last
	}
	k := len(c.buf)
	c.buf = appendSparkMicros(c.buf, us)
	c.last, c.us = c.buf[k:len(c.buf):len(c.buf)], us
	return c.last
}

// reset drops the texts, once written (the writer copied their bytes).
func (c *tsCache) reset() { c.buf, c.last = c.buf[:0], nil }
