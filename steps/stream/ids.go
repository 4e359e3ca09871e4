package stream

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strconv"
)

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	return formatUUID(b)
}

// batchUUID is the UUID in the name of batch id's file: the same for every
// run of the batch, so a batch run again after a crash writes the same name.
func batchUUID(queryID string, id int64) string {
	sum := sha256.Sum256([]byte(queryID + "/" + strconv.FormatInt(id, 10)))
	var b [16]byte
	copy(b[:], sum[:16])
	b[6] = b[6]&0x0f | 0x50 // name-based, as a version 5 UUID
	return formatUUID(b)
}

func formatUUID(b [16]byte) string {
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
