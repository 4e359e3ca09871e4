package todo_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fullstack-lab/fullstack-lab/harness/todo"
)

func stubbed() (int, error) { return 0, todo.Implement("stubbed", "count the swords") }

type shop struct{}

func (shop) handler() func() {
	return func() { todo.Implement("shop.handler", "sell a sword") }
}

func TestImplement(t *testing.T) {
	_, err := stubbed()
	require.ErrorIs(t, err, todo.ErrNotImplemented)
	var s *todo.Stub
	require.ErrorAs(t, err, &s)
	assert.Equal(t, "stubbed", s.Func)
	assert.Equal(t, "count the swords", s.Task)
	assert.Regexp(t, `todo_test.go$`, s.File)
	assert.Equal(t, 13, s.Line)
	assert.Regexp(t, `^TODO: implement stubbed \(.*todo_test.go:13\): count the swords$`, err.Error())

	shop{}.handler()()
	shop{}.handler()()
	stubbed()
	var funcs []string
	for _, r := range todo.Reached() {
		funcs = append(funcs, r.Func)
	}
	assert.Equal(t, []string{"stubbed", "shop.handler"}, funcs, "each stub once")
	assert.False(t, errors.Is(errors.New("x"), todo.ErrNotImplemented))
}

func TestModulePath(t *testing.T) {
	assert.Equal(t, "steps/serve/event.go", todo.ModulePath("/home/me/lab/steps/serve/event.go"))
	assert.Equal(t, "/elsewhere/x.go", todo.ModulePath("/elsewhere/x.go"))
}
