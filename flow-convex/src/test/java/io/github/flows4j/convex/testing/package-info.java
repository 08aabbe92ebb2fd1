/** Test helpers shared by flow-convex's tests: dense Hessians, their eigenvalues and log-determinants. */
package io.github.flows4j.convex.testing;
