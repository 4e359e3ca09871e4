package hive

import (
	"errors"
	"fmt"
)

// ParseError is a statement the lab's HiveQL does not accept, with where.
// Line is 1-based and Col 0-based, as Hive's ParseException reports them.
type ParseError struct {
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("ParseException line %d:%d %s", e.Line, e.Col, e.Msg)
}

// ErrNoMetastore is returned when a statement needs the metastore and none is given.
var ErrNoMetastore = errors.New("hive: no metastore")
