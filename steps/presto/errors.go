package presto

import (
	"errors"
	"fmt"
)

var (
	// ErrNoServer is returned when no server is given.
	ErrNoServer = errors.New("no presto server given (--server)")
	// ErrUnknownFormat is an --output-format this CLI does not have.
	ErrUnknownFormat = errors.New("unknown output format")
)

// QueryError is a query the server failed, with Presto's error.
type QueryError struct {
	QueryID string
	// Name is Presto's error name: SYNTAX_ERROR, USER_CANCELED, ...
	Name    string
	Message string
	// Line and Column locate the error in the statement (0 when unknown).
	Line, Column int
	Err          error
}

// Error is what the Presto CLI prints: Query <id> failed: <message>.
func (e *QueryError) Error() string {
	if e.QueryID == "" {
		return "Query failed: " + e.Message
	}
	return fmt.Sprintf("Query %s failed: %s", e.QueryID, e.Message)
}

func (e *QueryError) Unwrap() error { return e.Err }
