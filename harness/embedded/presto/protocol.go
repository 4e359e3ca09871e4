package presto

// The JSON documents of Presto's client protocol (/v1/statement), as the
// Presto CLI and presto-go-client read them.

// queryResults is one response of a query: its state and maybe a page of rows.
type queryResults struct {
	ID       string         `json:"id"`
	InfoURI  string         `json:"infoUri"`
	NextURI  string         `json:"nextUri,omitempty"`
	Columns  []column       `json:"columns,omitempty"`
	Data     [][]any        `json:"data,omitempty"`
	Stats    statementStats `json:"stats"`
	Error    *queryError    `json:"error,omitempty"`
	Warnings []any          `json:"warnings"`
}

type column struct {
	Name          string        `json:"name"`
	Type          string        `json:"type"`
	TypeSignature typeSignature `json:"typeSignature"`
}

type typeSignature struct {
	RawType          string          `json:"rawType"`
	TypeArguments    []typeSignature `json:"typeArguments"`
	LiteralArguments []any           `json:"literalArguments"`
	Arguments        []typeArgument  `json:"arguments"`
}

type typeArgument struct {
	Kind  string `json:"kind"`
	Value any    `json:"value"`
}

type statementStats struct {
	State                   string `json:"state"`
	WaitingForPrerequisites bool   `json:"waitingForPrerequisites"`
	Queued                  bool   `json:"queued"`
	Scheduled               bool   `json:"scheduled"`
	Nodes                   int    `json:"nodes"`
	TotalSplits             int    `json:"totalSplits"`
	QueuedSplits            int    `json:"queuedSplits"`
	RunningSplits           int    `json:"runningSplits"`
	CompletedSplits         int    `json:"completedSplits"`
	CPUTimeMillis           int64  `json:"cpuTimeMillis"`
	WallTimeMillis          int64  `json:"wallTimeMillis"`
	WaitingForPrereqMillis  int64  `json:"waitingForPrerequisitesTimeMillis"`
	QueuedTimeMillis        int64  `json:"queuedTimeMillis"`
	ElapsedTimeMillis       int64  `json:"elapsedTimeMillis"`
	ProcessedRows           int64  `json:"processedRows"`
	ProcessedBytes          int64  `json:"processedBytes"`
	PeakMemoryBytes         int64  `json:"peakMemoryBytes"`
	PeakTotalMemoryBytes    int64  `json:"peakTotalMemoryBytes"`
	PeakTaskTotalMemory     int64  `json:"peakTaskTotalMemoryBytes"`
	SpilledBytes            int64  `json:"spilledBytes"`
}

// queryError is Presto's error object. Message is what clients show.
type queryError struct {
	Message       string         `json:"message"`
	ErrorCode     int            `json:"errorCode"`
	ErrorName     string         `json:"errorName"`
	ErrorType     string         `json:"errorType"`
	Retriable     bool           `json:"retriable"`
	ErrorLocation *errorLocation `json:"errorLocation,omitempty"`
	FailureInfo   *failureInfo   `json:"failureInfo,omitempty"`
}

func (e *queryError) Error() string { return e.ErrorName + ": " + e.Message }

type errorLocation struct {
	LineNumber   int `json:"lineNumber"`
	ColumnNumber int `json:"columnNumber"`
}

type failureInfo struct {
	Type          string         `json:"type"`
	Message       string         `json:"message"`
	Suppressed    []any          `json:"suppressed"`
	Stack         []string       `json:"stack"`
	ErrorLocation *errorLocation `json:"errorLocation,omitempty"`
}

// Query states.
const (
	stateQueued   = "QUEUED"
	stateRunning  = "RUNNING"
	stateFinished = "FINISHED"
	stateFailed   = "FAILED"
)

// Presto's standard error codes (com.facebook.presto.spi.StandardErrorCode)
// and the Hive connector's, for the errors this server reports.
type errorCode struct {
	name string
	code int
	typ  string
}

var (
	errSyntax           = errorCode{"SYNTAX_ERROR", 1, "USER_ERROR"}
	errUserCanceled     = errorCode{"USER_CANCELED", 3, "USER_ERROR"}
	errAbandoned        = errorCode{"ABANDONED_QUERY", 2, "USER_ERROR"}
	errNotFound         = errorCode{"NOT_FOUND", 5, "USER_ERROR"}
	errFunctionNotFound = errorCode{"FUNCTION_NOT_FOUND", 6, "USER_ERROR"}
	errInvalidArgument  = errorCode{"INVALID_FUNCTION_ARGUMENT", 7, "USER_ERROR"}
	errDivisionByZero   = errorCode{"DIVISION_BY_ZERO", 8, "USER_ERROR"}
	errInvalidCast      = errorCode{"INVALID_CAST_ARGUMENT", 9, "USER_ERROR"}
	errNotSupported     = errorCode{"NOT_SUPPORTED", 13, "USER_ERROR"}
	errTypeNotFound     = errorCode{"TYPE_NOT_FOUND", 20, "USER_ERROR"}
	errNumericOverflow  = errorCode{"NUMERIC_VALUE_OUT_OF_RANGE", 19, "USER_ERROR"}
	errPermissionDenied = errorCode{"PERMISSION_DENIED", 4, "USER_ERROR"}
	errGenericUser      = errorCode{"GENERIC_USER_ERROR", 0, "USER_ERROR"}
	errInternal         = errorCode{"GENERIC_INTERNAL_ERROR", 65536, "INTERNAL_ERROR"}
	errMetastore        = errorCode{"HIVE_METASTORE_ERROR", 16777216, "EXTERNAL"}
	errCannotOpenSplit  = errorCode{"HIVE_CANNOT_OPEN_SPLIT", 16777219, "EXTERNAL"}
	errUnsupportedType  = errorCode{"HIVE_UNSUPPORTED_FORMAT", 16777225, "EXTERNAL"}
)

// newError builds a query error; loc may be nil.
func newError(c errorCode, msg string, loc *errorLocation) *queryError {
	if loc != nil {
		msg = "line " + itoa(loc.LineNumber) + ":" + itoa(loc.ColumnNumber) + ": " + msg
	}
	return &queryError{Message: msg, ErrorCode: c.code, ErrorName: c.name, ErrorType: c.typ,
		ErrorLocation: loc,
		FailureInfo:   &failureInfo{Type: "com.facebook.presto.spi.PrestoException", Message: msg, Suppressed: []any{}, Stack: []string{}, ErrorLocation: loc}}
}
