// Package todo marks the functions of a starter tree that the student has yet to write.
//
// `lab starter` turns each solution region of steps/ into a stub that calls
// Implement and returns zero values (or Implement's error where the function
// returns an error). A stub never panics, so a test binary runs every test
// whatever is left to do: the tests that reach a stub fail, the others pass.
package todo
