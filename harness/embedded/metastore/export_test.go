package metastore

// RawClient is rawClient (hostile_test.go), for the external tests: the
// generated client on its own connection, to send calls hms.Client does not make.
var RawClient = rawClient
