// Package catalog lists the class's steps once: number, name, the class's
// command and the lab's, the packages, the points and what each step needs.
// The narrated runner (lab run, make lab-N), lab grade, the starter tree's
// autograding and the README's step table all come from it.
package catalog
