package local

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
)

// ErrPrerequisite is returned when a tool the local backend needs is missing.
var ErrPrerequisite = errors.New("missing prerequisite")

// JDK is a Java installation.
type JDK struct {
	Home    string // JAVA_HOME
	Java    string // the java binary
	Version int    // the feature version: 17, 21, 25
}

var versionRE = regexp.MustCompile(`version "(\d+)(?:\.(\d+))?`)

// probeJava runs `java -version` and reads its feature version.
func probeJava(java string) (JDK, error) {
	out, err := exec.Command(java, "-version").CombinedOutput()
	if err != nil {
		return JDK{}, fmt.Errorf("%s -version: %w", java, err)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return JDK{}, fmt.Errorf("%s -version: no version in %.80q", java, out)
	}
	v, _ := strconv.Atoi(string(m[1]))
	if v == 1 && len(m[2]) > 0 { // 1.8
		v, _ = strconv.Atoi(string(m[2]))
	}
	home := filepath.Dir(filepath.Dir(java))
	return JDK{Home: home, Java: java, Version: v}, nil
}

// defaultJDK is javaHome's java when it is set (JAVA_HOME), else the java on PATH.
func defaultJDK(javaHome string) (JDK, error) {
	if h := javaHome; h != "" {
		j, err := probeJava(filepath.Join(h, "bin", "java"))
		if err != nil {
			return JDK{}, fmt.Errorf("%w: JAVA_HOME=%s has no working java (%v): fix JAVA_HOME or unset it", ErrPrerequisite, h, err)
		}
		return j, nil
	}
	java, err := exec.LookPath("java")
	if err != nil {
		return JDK{}, fmt.Errorf("%w: Java 17 or newer is needed to run the services and none is on PATH: install it (apt install openjdk-17-jdk-headless) or set JAVA_HOME", ErrPrerequisite)
	}
	if p, err := filepath.EvalSymlinks(java); err == nil {
		java = p
	}
	return probeJava(java)
}

// jdkRoots are where other JDKs are looked for when a service needs one the default is not.
var jdkRoots = []string{"/usr/lib/jvm", "/usr/local/lib/jvm", "/opt/java"}

// findJDK returns the default JDK if its version is within [min, max]
// (max 0: no bound), else the newest JDK under jdkRoots that is.
func findJDK(def JDK, min, max int) (JDK, error) {
	ok := func(v int) bool { return v >= min && (max == 0 || v <= max) }
	if ok(def.Version) {
		return def, nil
	}
	var found []JDK
	for _, root := range jdkRoots {
		homes, _ := filepath.Glob(filepath.Join(root, "*", "bin", "java"))
		for _, java := range homes {
			if j, err := probeJava(java); err == nil && ok(j.Version) {
				found = append(found, j)
			}
		}
	}
	if len(found) == 0 {
		want := fmt.Sprintf("Java %d or newer", min)
		if max > 0 {
			want = fmt.Sprintf("Java %d to %d", min, max)
		}
		return JDK{}, fmt.Errorf("%w: %s is needed (the default is Java %d at %s, and none other was found under %v)", ErrPrerequisite, want, def.Version, def.Home, jdkRoots)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Version > found[j].Version })
	return found[0], nil
}

// checkPrerequisites finds Java 17+ (javaHome's, else PATH's) and Maven, or says what to install.
func checkPrerequisites(javaHome string) (JDK, string, error) {
	jdk, err := defaultJDK(javaHome)
	if err != nil {
		return JDK{}, "", err
	}
	if jdk.Version < 17 {
		return JDK{}, "", fmt.Errorf("%w: Java 17 or newer is needed, %s is Java %d: install a newer one or point JAVA_HOME at it", ErrPrerequisite, jdk.Java, jdk.Version)
	}
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return JDK{}, "", fmt.Errorf("%w: Maven is needed to fetch the services from Maven Central and is not on PATH: install it (apt install maven)", ErrPrerequisite)
	}
	return jdk, mvn, nil
}
