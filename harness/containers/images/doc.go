// Package images builds the containers backend's images (fixtures/images) from the jars and
// tarballs the local backend fetches, on a JRE image it builds too, from Debian packages when
// no image registry answers.
package images
