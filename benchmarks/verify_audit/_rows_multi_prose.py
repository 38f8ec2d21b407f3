"""Hand-written audit rows: categories multi_boxed and prose.

Every response, gold answer and label below was written and decided by hand
from the mathematics of the (implied) problem; nothing here is produced or
labelled by a verifier.
"""

MULTI_BOXED = [
    # (answer, response, label, why)
    (r"1, 2",
     r"""We need the roots of $x^2 - 3x + 2 = 0$. Factoring, $x^2-3x+2=(x-1)(x-2)$, so either $x-1=0$ or $x-2=0$.

Hence $x=\boxed{1}$ and $x=\boxed{2}$.""",
     True, "Both roots 1 and 2 of x^2-3x+2 are boxed, matching the gold list exactly."),

    (r"-3, 5",
     r"""To solve $x^2-2x-15=0$, look for two numbers with product $-15$ and sum $-2$: these are $-5$ and $3$.

So $(x-5)(x+3)=0$, which gives $x=\boxed{-3}$ or $x=\boxed{5}$.""",
     True, "The two boxed solutions -3 and 5 are exactly the gold solution set."),

    (r"12, 7",
     r"""Let $f(x) = x^2 + 3$.

**(a)** $f(3) = 3^2 + 3 = 9 + 3 = \boxed{12}$

**(b)** $f(2) = 2^2 + 3 = 4 + 3 = \boxed{7}$""",
     True, "Part (a) is boxed as 12 and part (b) as 7, the gold's ordered parts."),

    (r"12, 7",
     r"""We are given $f(x)=x^2+3$ and asked for (a) $f(3)$ and (b) $f(2)$.

(a) $f(2)=4+3=\boxed{7}$

(b) $f(3)=9+3=\boxed{12}$

So the answers are 7 and 12.""",
     False, "The model evaluated the inputs under the wrong part labels, so part (a) is answered 7 instead of 12 and part (b) 12 instead of 7."),

    (r"-2, 2, 3",
     r"""Setting each factor of $(x^2-4)(x-3)=0$ equal to zero:
- $x^2-4=0 \Rightarrow x=\pm 2$
- $x-3=0 \Rightarrow x=3$

The real roots are:

$\boxed{-2}$

$\boxed{2}$

$\boxed{3}$""",
     True, "The three boxes on separate lines are -2, 2 and 3, the complete gold root set."),

    (r"(1, 2), (2, 1)",
     r"""From $x+y=3$ and $xy=2$, $x$ and $y$ are the roots of $t^2-3t+2=0$, i.e. $t=1$ or $t=2$.

So either $x=1,y=2$ or $x=2,y=1$. The solutions are $\boxed{(1,2)}$ and $\boxed{(2,1)}$.""",
     True, "Both ordered pairs (1,2) and (2,1) are boxed, which is the gold solution set."),

    (r"-3, 5",
     r"""Using the quadratic formula on $x^2-2x-15=0$:
$$x=\frac{2\pm\sqrt{4+60}}{2}=\frac{2\pm 8}{2}.$$
So $x=\frac{2+8}{2}=\boxed{5}$ and $x=\frac{2-8}{2}=\boxed{-4}$.""",
     False, "(2-8)/2 is -3, not -4, so one of the two boxed solutions is wrong."),

    (r"1, 2, 3",
     r"""We look for integer roots of $x^3-6x^2+11x-6=0$ among the divisors of 6.

- $x=1$: $1-6+11-6=0$ ✓
- $x=2$: $8-24+22-6=0$ ✓

So the roots are $\boxed{1}$ and $\boxed{2}$.""",
     False, "The cubic also has the root 3 ((x-1)(x-2)(x-3)), so the response misses a solution."),

    (r"2",
     r"""Square both sides of $\sqrt{x+2}=x$:
$$x+2=x^2 \implies x^2-x-2=0 \implies (x-2)(x+1)=0.$$
Therefore $x=\boxed{2}$ or $x=\boxed{-1}$.""",
     False, "x=-1 is extraneous (sqrt(1)=1 is not -1); the response adds a wrong extra solution to the correct 2."),

    (r"10",
     r"""We count 2-element subsets of $\{1,2,3,4,5\}$.

Counting ordered picks first: $5\cdot 4=\boxed{20}$.

But each subset $\{a,b\}$ was counted twice (as $(a,b)$ and $(b,a)$), so the number of subsets is
$$\frac{20}{2}=\boxed{10}.$$""",
     True, "The earlier box 20 is an intermediate ordered count; the final box 10 equals C(5,2), the gold."),

    (r"10",
     r"""Number of 2-element subsets of $\{1,2,3,4,5\}$: by the formula, $\binom{5}{2}=\boxed{10}$.

Hmm, but wait: picking $1$ then $2$ is different from picking $2$ then $1$, so we should count ordered selections: $5$ choices for the first and $4$ for the second.

Final answer: $\boxed{20}$""",
     False, "The final box 20 counts ordered pairs; subsets are unordered so the answer is 10, and the final box, not the earlier correct one, decides."),

    (r"6, 5",
     r"""Sorting the data: $2, 3, 5, 8, 12$.

The median is the middle value, $5$. The sum is $2+3+5+8+12=30$, so the mean is $30/5=6$.

So the mean and median are $\boxed{5}$ and $\boxed{6}$, respectively.""",
     False, "The question asks for mean then median (6, 5); the final sentence assigns mean=5 and median=6, which is the parts in the wrong order."),

    (r"6, 5",
     r"""Data sorted: 2, 3, 5, 8, 12.

**Median:** the third of five values, $\boxed{5}$

**Mean:** $\frac{2+3+5+8+12}{5}=\frac{30}{5}=\boxed{6}$""",
     True, "Although written median-first, each box is explicitly labelled and mean=6, median=5 match the gold's ordered parts."),

    (r"\pm 4",
     r"""$x^2=16$ means $x$ is a number whose square is $16$.

Both $4^2=16$ and $(-4)^2=16$, so $x=\boxed{4}$ and $x=\boxed{-4}$.""",
     True, "The two boxes 4 and -4 together are exactly ±4."),

    (r"4",
     r"""We want the positive solution of $x^2 = 16$.

Taking square roots, $x = \boxed{4}$ or $x = \boxed{-4}$.""",
     False, "The problem asks only for the positive solution; the response also asserts -4, which violates the condition, so it does not give the single answer 4."),

    (r"3, 9, 27",
     r"""With $f(x)=3^x$:

(a) $f(1)=3^1=\boxed{3}$

(b) $f(2)=3^2=\boxed{9}$

(c) $f(3)=3^3=\boxed{27}$""",
     True, "All three parts 3, 9, 27 are boxed in the right order."),

    (r"3, 9, 27",
     r"""With $f(x)=3^x$:

(a) $f(1)=\boxed{3}$

(b) $f(2)=\boxed{9}$

(c) $f(3)=3^3=\boxed{81}$""",
     False, "Part (c) is wrong: 3^3 = 27, not 81."),

    (r"x = 2, y = -1",
     r"""Adding the equations $x+y=1$ and $x-y=3$ gives $2x=4$, so $x=2$. Then $y=1-x=-1$.

$$\boxed{x = 2}$$
$$\boxed{y = -1}$$""",
     True, "Boxes on separate lines give x=2 and y=-1, which is the gold solution."),

    (r"x = 2, y = -1",
     r"""Adding $x+y=1$ and $x-y=3$: $2x=4$, so $x=2$.

From the second equation, $y=3-x=1$.

$$\boxed{x=2}\qquad\boxed{y=1}$$""",
     False, "From x-y=3 we get y=x-3=-1, not 1; the y box is wrong (2+1=3 fails the first equation)."),

    (r"\frac{1}{2}, 3",
     r"""$2x^2-7x+3=(2x-1)(x-3)$, so the roots are
$$\boxed{\tfrac12}\quad\text{and}\quad\boxed{3}.$$""",
     True, "Roots 1/2 and 3 are both boxed; \\tfrac12 equals 1/2."),

    (r"\frac{1}{2}, 3",
     r"""Factor: $2x^2-7x+3=(2x+1)(x-3)$.

So $x=\boxed{3}$ and $x=\boxed{-\tfrac{1}{2}}$.""",
     False, "The factorization is wrong; the second root is +1/2, not -1/2 (2(1/4)+7/2+3 is not 0)."),

    (r"1, 2",
     r"""$|2x-3|=1$ means $2x-3=1$ or $2x-3=-1$.

- $2x-3=1 \Rightarrow x=\boxed{2}$
- $2x-3=-1 \Rightarrow x=\boxed{1}$

So the solutions are $\boxed{1, 2}$.""",
     True, "Every box (2, 1, and the summary box 1, 2) gives the same correct solution set {1, 2}."),

    (r"-1+2i, -1-2i",
     r"""For $x^2+2x+5=0$, the discriminant is $4-20=-16$, so
$$x=\frac{-2\pm 4i}{2}=-1\pm 2i.$$
The roots are $\boxed{-1+2i}$ and $\boxed{-1-2i}$.""",
     True, "Both complex roots -1±2i are boxed."),

    (r"-1+2i, -1-2i",
     r"""Discriminant of $x^2+2x+5$: $2^2-4\cdot5=-16$.

So $x=\frac{2\pm 4i}{2}$, i.e. $\boxed{1+2i}$ and $\boxed{1-2i}$.""",
     False, "The formula uses -b = -2, so the real part is -1, not 1; both boxed roots have the wrong sign."),

    (r"\frac{\pi}{6}, \frac{5\pi}{6}",
     r"""On $[0,2\pi)$, $\sin x=\tfrac12$ in the first and second quadrants, with reference angle $\pi/6$.

$$x=\boxed{\frac{\pi}{6}},\qquad x=\boxed{\frac{5\pi}{6}}$$""",
     True, "Both solutions pi/6 and 5pi/6 of sin x = 1/2 in [0, 2pi) are boxed."),

    (r"\frac{\pi}{6}, \frac{5\pi}{6}",
     r"""The reference angle for $\sin x = \frac{1}{2}$ is $\frac{\pi}{6}$. Adding $\pi$ for the other solution:

$x = \boxed{\frac{\pi}{6}}$ and $x = \boxed{\frac{7\pi}{6}}$.""",
     False, "sin(7pi/6) = -1/2, so the second box is wrong; the second solution is 5pi/6."),

    (r"(3,4), (4,3)",
     r"""From $x+y=7$: $x^2+(7-x)^2=25 \Rightarrow 2x^2-14x+24=0 \Rightarrow x^2-7x+12=0$, so $x=3$ or $x=4$.

Solutions: $\boxed{(4,3)}$ and $\boxed{(3,4)}$.""",
     True, "The set of solution pairs is the same; listing (4,3) before (3,4) does not matter for a solution set."),

    (r"(3,4), (4,3)",
     r"""Since the system $x+y=7$, $x^2+y^2=25$ is symmetric, we may assume $x\le y$.

Then $x^2-7x+12=0$ gives $x=\boxed{3}$, $y=\boxed{4}$, i.e. the solution $(3,4)$.""",
     False, "Assuming x<=y drops the solution (4,3); the response reports only one of the two ordered pairs."),

    (r"24",
     r"""Choices of shirt: $\boxed{6}$. Choices of pants: $\boxed{4}$.

Each shirt can be paired with each pair of pants, so by the multiplication principle the number of outfits is $6\times 4=\boxed{24}$.""",
     True, "The last box 24 is the final answer; the boxed 6 and 4 are labelled intermediate counts."),

    (r"24",
     r"""Number of shirts: $\boxed{6}$

Number of pants: $\boxed{4}$

Total number of outfits: $6+4=\boxed{10}$""",
     False, "Outfits pair a shirt with pants, so the count is 6*4 = 24; the final box 10 adds instead."),

    (r"2, 3",
     r"""$108 = 4\cdot 27 = 2^2\cdot 3^3$. Comparing with $2^m3^n$:

$\boxed{m=2}$, $\boxed{n=3}$""",
     True, "m=2 and n=3 match the gold (m, n) = (2, 3)."),

    (r"2, 3",
     r"""We need $2^m 3^n = 108$. Since $108 = 2^3\cdot 3^2$, we get

$\boxed{m=3}$, $\boxed{n=2}$""",
     False, "108 = 2^2*3^3, not 2^3*3^2 = 72; the values of m and n are swapped."),

    (r"0, 1",
     r"""$x^2=x \iff x^2-x=0 \iff x(x-1)=0$.

So $x=\boxed{0}$ or $x=\boxed{1}$.""",
     True, "Both solutions 0 and 1 are boxed."),

    (r"0, 1",
     r"""Dividing both sides of $x^2 = x$ by $x$ gives $\boxed{x=1}$.

Check: $1^2=1$ ✓. So the solution is $\boxed{1}$.""",
     False, "Dividing by x loses the solution x=0; the response gives only 1."),

    (r"-2, 2",
     r"""$x^4-3x^2-4=(x^2-4)(x^2+1)=0$.

From $x^2=4$: $x=\boxed{2}$, $x=\boxed{-2}$. From $x^2=-1$: $x=\boxed{i}$, $x=\boxed{-i}$.""",
     False, "The question asks for real solutions; boxing i and -i adds two answers that are not real."),

    (r"-2, 2",
     r"""Let $u=x^2$: $u^2-3u-4=0 \Rightarrow (u-4)(u+1)=0$. Since $u=x^2\ge 0$, only $u=4$ works, and $u=-1$ gives no real $x$.

Real solutions: $\boxed{2}$, $\boxed{-2}$""",
     True, "The boxed real solutions are 2 and -2; order is irrelevant for a solution list."),

    (r"1, -2, 3",
     r"""Let $y=ax^2+bx+c$ pass through $(0,3)$, $(1,2)$, $(2,3)$.

- $(0,3)$: $c=3$
- $(1,2)$: $a+b+3=2 \Rightarrow a+b=-1$
- $(2,3)$: $4a+2b+3=3 \Rightarrow 2a+b=0$

Subtracting, $a=1$, so $b=-2$.

$$\boxed{a=1},\quad \boxed{b=-2},\quad \boxed{c=3}$$""",
     True, "a=1, b=-2, c=3 are the gold coefficients in order (checks: 1-2+3=2, 4-4+3=3)."),

    (r"1, -2, 3",
     r"""Through $(0,3)$: $c=3$. Through $(1,2)$: $a+b=-1$. Through $(2,3)$: $4a+2b=0$.

From the last, $b=-2a$... so $a+(-2a)=-1$, giving $a=1$ and $b=2$.

$\boxed{a=1}$, $\boxed{b=2}$, $\boxed{c=3}$""",
     False, "b = -2a = -2, not 2 (with b=2 the parabola passes through (1,6)); the b box is wrong."),

    (r"3",
     r"""The quadratic $x^2+kx+\tfrac94$ has a double root exactly when its discriminant is zero: $k^2-9=0$, so $k=\boxed{3}$ or $k=\boxed{-3}$.

The problem requires $k>0$, so we discard $-3$.

**Final answer:** $\boxed{3}$""",
     True, "The response first lists ±3 but explicitly discards -3 and the final box is 3, the gold."),
]


PROSE = [
    (r"9000",
     r"""The sum of all positive integers less than 150 is $\frac{149\cdot 150}{2}=11{,}175$.

The multiples of 5 among them are $5,10,\dots,145$; there are $\boxed{29}$ of them, with sum $5\cdot\frac{29\cdot 30}{2}=2{,}175$.

Subtracting, $11{,}175-2{,}175=9{,}000$.

Final Answer: The final answer is $9,000$. I hope it is correct.""",
     True, "The final prose answer 9,000 (thousands separator) equals 9000; the boxed 29 is only the count of multiples of 5."),

    (r"42",
     r"""For a monic quadratic $x^2+bx+c$, Vieta's formulas give the product of the roots as $c$.

Here $x^2-13x+42$ has $c=42$ (indeed the roots are $6$ and $7$).

Therefore, the answer is 42.""",
     True, "The unboxed final sentence states 42, the product of the roots."),

    (r"\frac{3}{4}",
     r"""The only outcome with no heads in two flips is TT, with probability $\frac{1}{4}$. So
$$P(\text{at least one head}) = 1-\frac14=\frac34.$$

**Answer:** $\frac{3}{4}$""",
     True, "The bold final answer 3/4 equals the gold."),

    (r"120",
     r"""The first position on the shelf can hold any of the 5 books, the second any of the remaining 4, and so on:
$5\times4\times3\times2\times1=120$.

So the total number of ways is 120.""",
     True, "Final prose answer 120 = 5!."),

    (r"24\sqrt{3}",
     r"""A regular hexagon with side $4$ splits into six equilateral triangles of side $4$, each with area $\frac{\sqrt3}{4}\cdot 16=4\sqrt3$.

The area is $24\sqrt{3}$ square units.""",
     True, "24 sqrt(3) square units is the gold value with a unit word attached."),

    (r"24\sqrt{3}",
     r"""Using the formula $A=\frac{3\sqrt{3}}{2}s^2$ with $s=4$:

$A=\frac{3\sqrt3}{2}\cdot 8 = 12\sqrt3$.

The area is $12\sqrt{3}$ square units.""",
     False, "s^2 = 16, not 8; the stated area 12 sqrt(3) is half the correct 24 sqrt(3)."),

    (r"9000",
     r"""Sum of $1,2,\dots,149$: $\frac{149\cdot150}{2} = 11175$.
Sum of multiples of 5 below 150: $5(1+2+\dots+29) = 5\cdot 435 = 2175$.

$11175 - 2175 = 8000$.

Therefore the answer is 8000.""",
     False, "Both intermediate sums are right but 11175 - 2175 = 9000, so the final 8000 is wrong."),

    (r"30",
     r"""If all five letters of LEVEL were different there would be $5! = 120$ arrangements.

But L appears twice and E appears twice, so each distinct word is counted $2!\cdot 2! = 4$ times. That gives $120/4 = 30$ distinct arrangements.""",
     True, "120 appears only as an intermediate count; the concluding number is 30, the gold."),

    (r"120",
     r"""TRAIN has 5 letters, so there are $5! = 120$ orderings.

However, the vowels A and I are interchangeable in the pattern, so we divide by 2.

So there are 60 arrangements.""",
     False, "All letters of TRAIN are distinct, so the answer is 120; the response mentions 120 but concludes 60."),

    (r"\frac{3}{8}",
     r"""There are $2^3=8$ equally likely outcomes for three flips, and exactly two heads occurs in $\binom{3}{2}=3$ of them (HHT, HTH, THH).

So the probability is three eighths.""",
     True, "'three eighths' in words is 3/8."),

    (r"9",
     r"""Any two of the 6 vertices determine a segment, giving $\binom{6}{2}=\boxed{15}$ segments.

Six of these are sides of the hexagon, so the number of diagonals is $15-6=9$. Hence the required answer is 9.""",
     True, "The box holds the intermediate 15; the final prose answer after it is 9, the correct number of diagonals."),

    (r"9",
     r"""From each vertex of a hexagon we can draw diagonals to all vertices except itself and its two neighbours: $\boxed{3}$ diagonals per vertex.

With 6 vertices that is $6\times 3=18$.

Final answer: 18""",
     False, "Each diagonal is counted from both ends, so the count is 18/2 = 9; the final 18 is wrong."),

    (r"\frac{\pi}{4}",
     r"""We need the angle in $(-\pi/2,\pi/2)$ whose tangent is $1$. Since $\tan(\pi/4)=1$, the answer is $\pi/4$.""",
     True, "pi/4 written inline equals the gold \\frac{\\pi}{4}."),

    (r"2\sqrt{5}",
     r"""Distance between $(1,2)$ and $(3,6)$:
$d=\sqrt{(3-1)^2+(6-2)^2}=\sqrt{4+16}=\sqrt{20}$.

Simplifying, $\sqrt{20}=2\sqrt5$.

**Final answer: 2√5**""",
     True, "The final bold answer 2√5 (unicode root) equals 2 sqrt(5)."),

    (r"2\sqrt{5}",
     r"""To get from $(1,2)$ to $(3,6)$ we move 2 units right and 4 units up, so the distance is $2+4=6$.

**Final answer: 6**""",
     False, "The response computes taxicab distance; the Euclidean distance is sqrt(20) = 2 sqrt(5), not 6."),

    (r"1",
     r"""Since $2\equiv -1 \pmod 3$, we have $2^{100}\equiv(-1)^{100}=1 \pmod 3$.

The remainder is 1.""",
     True, "The final prose remainder 1 is correct."),

    (r"2",
     r"""Note $2^2=4\equiv 1\pmod 3$. Then $2^{101}=(2^2)^{50}\equiv 1^{50}=1 \pmod 3$.

The remainder is 1.""",
     False, "2^101 = (2^2)^50 * 2, so the remainder is 2; the response dropped the extra factor of 2."),

    (r"\pi",
     r"""The area of a circle is $\pi r^2$. With $r=1$ this is $\pi\cdot 1^2$.

The area is approximately 3.14 square units.""",
     False, "The gold is the exact value pi; the response's final answer is only the rounded decimal 3.14, which is not equal to pi."),

    (r"0.5",
     r"""A fair die has 3 even faces (2, 4, 6) out of 6, so the probability of rolling an even number is $3/6$, and the answer is 1/2.""",
     True, "1/2 equals 0.5."),

    (r"1080",
     r"""The sum of the interior angles of an $n$-gon is $(n-2)\cdot 180^\circ$. For an octagon, $n=8$:
$$(8-2)\cdot180^\circ = 6\cdot 180^\circ.$$

### Final Answer
The sum of the interior angles is 1080°.""",
     True, "1080° in prose is the gold 1080 with a degree sign."),

    (r"3",
     r"""<|begin_of_thought|>

We want the minimum of $f(x)=x+\frac1x+1$ for $x>0$. By AM-GM, $x+\frac1x\ge 2$ with equality at $x=1$. So $f(x)\ge 3$. Let me double-check with calculus: $f'(x)=1-\frac1{x^2}=0$ gives $x=1$, and $f(1)=1+1+1=3$. Yes.

<|end_of_thought|>

<|begin_of_solution|>

By AM-GM, $x + \frac{1}{x} \ge 2$ for $x>0$, with equality when $x = 1$. Therefore $f(x) \ge 2 + 1 = 3$.

The minimum value is 3.

<|end_of_solution|>""",
     True, "Sky-T1-format solution ends with the prose 'The minimum value is 3', matching the gold."),

    (r"14",
     r"""Okay, positive integers less than 100 divisible by 7: 7, 14, 21, ..., 98. Since $98 = 7\cdot 14$, that's 14 numbers.

Wait, let me double check the upper end: $7\cdot 15 = 105 > 100$, so 98 is the last one. And 7 itself is positive, so it counts.

So there are 14 such integers.""",
     True, "After self-checking, the final count 14 = floor(99/7) is correct."),

    (r"14",
     r"""Multiples of 7 below 100: 7, 14, ..., 98, and $98/7 = 14$, so 14 of them.

Hmm, but should 7 itself count? It's divisible by itself trivially... the problem probably wants proper multiples, so I'll exclude it.

So the answer is 13.""",
     False, "7 is a positive integer below 100 divisible by 7, so the count is 14; the response changes to 13 at the end."),

    (r"6",
     r"""$4!=24$, $5!=120$, $6!=720$. The first factorial exceeding 500 is $6!$.

Hence, $n=6$ is the smallest such integer.""",
     True, "The final prose gives n = 6, matching the gold."),

    (r"12",
     r"""A cube has 6 square faces, each with 4 edges, but every edge is shared by 2 faces: $6\cdot 4/2$.

There are twelve edges.""",
     True, "'twelve' in words equals 12."),

    (r"12",
     r"""A cube has a top square and a bottom square, each with 4 edges.

There are eight edges.""",
     False, "The response forgets the 4 vertical edges; a cube has 12 edges, not 8."),

    (r"\frac{7}{2}",
     r"""$2x-3=4 \Rightarrow 2x=7 \Rightarrow x=7/2$.

The answer is 3.5.""",
     True, "3.5 is exactly 7/2."),

    (r"\frac{1}{3}",
     r"""Rolling a 1 or a 2 on a fair die: 2 favourable outcomes out of 6, i.e. $2/6$.

The answer is 0.33.""",
     False, "0.33 is a rounded decimal, not equal to the exact probability 1/3."),

    (r"\frac{\sqrt{2}}{2}",
     r"""In a 45-45-90 triangle with legs 1, the hypotenuse is $\sqrt2$, so
$$\sin 45^\circ = \frac{1}{\sqrt{2}}.$$""",
     True, "1/sqrt(2) equals sqrt(2)/2 (rationalizing the denominator)."),

    (r"5",
     r"""By the Pythagorean theorem the hypotenuse is $\sqrt{3^2+4^2}=\sqrt{25}$.

Answer: 5 cm""",
     True, "5 cm is the gold value 5 with its unit."),

    (r"4",
     r"""Try $x=4$: $3(4)+2=14$ ✓, so that works.

Hmm, let me solve it properly instead of guessing: $3x=14+2=16$, so $x=16/3$.

Therefore $x = 16/3$.""",
     False, "x=4 is correct and was even checked, but the final answer 16/3 (from a sign error) is wrong."),

    (r"243",
     r"""$3^5=3\cdot3\cdot3\cdot3\cdot3=9\cdot 27=243$.

Final Answer: The final answer is $243$. I hope it is correct.""",
     True, "The final answer 243 = 3^5."),

    (r"243",
     r"""We multiply 3 by itself: $3,9,27,81,243,729$.

Final Answer: The final answer is $729$. I hope it is correct.""",
     False, "729 = 3^6; the gold 3^5 = 243 appears in the list but the final answer is 729."),

    (r"\frac{5}{3}",
     r"""From $3a=5b$, divide both sides by $3b$:
$$\frac{a}{b}=\frac{5}{3}$$""",
     True, "The closing display states a/b = 5/3, the gold."),

    (r"\frac{x-3}{2}",
     r"""Write $y=2x+3$ and swap $x$ and $y$: $x=2y+3$, so $y=\frac{x-3}{2}$.

Therefore, f^{-1}(x) = (x-3)/2.""",
     True, "(x-3)/2 in plain text is the gold inverse function."),

    (r"\frac{x-3}{2}",
     r"""To undo $f(x) = 2x+3$ we undo each step: add 3, then divide by 2.

Therefore, $f^{-1}(x) = (x+3)/2$.""",
     False, "The inverse must subtract 3 first; (x+3)/2 is not the inverse of 2x+3."),

    (r"35",
     r"""Picking 3 people in order from 7 gives $7\cdot6\cdot5=\boxed{210}$ ordered selections.

Since a committee has no order, each committee is counted $3!=6$ times, so there are $210/6 = 35$ possible committees.""",
     True, "The box 210 is an intermediate; the final prose count 35 = C(7,3) is correct."),

    (r"35",
     r"""Choosing 3 of 7 people: $\binom{7}{3} = \boxed{35}$.

But the three members can take the roles of chair, secretary and treasurer in $3! = 6$ ways, so we multiply: $35 \times 6 = 210$.

So the answer is 210.""",
     False, "The committee has no roles, so the answer is 35; the correct boxed value is followed by a different final answer 210."),

    (r"\frac{3}{4}",
     r"""The probability of heads on one flip is $\frac12$, so for two flips we multiply: $\frac12\cdot\frac12$.

**Answer:** $\frac{1}{4}$""",
     False, "1/4 is P(two heads); P(at least one head) is 3/4."),

    (r"42",
     r"""By Vieta's formulas, for $x^2-13x+42=0$ the roots satisfy $r_1+r_2=13$.

Therefore, the answer is 13.""",
     False, "The question asks for the product of the roots (42); the response answers with their sum 13."),

    (r"\frac{3}{8}",
     r"""Each flip is heads with probability one half, and we need two heads, so the probability is one-half.""",
     False, "P(exactly two heads in three flips) = 3/8, not 1/2."),

    (r"1080",
     r"""Interior angle sum: $(n-2)\cdot 180^\circ$. With $n = 10$ this is $8 \cdot 180^\circ$.

The sum of the interior angles is 1440°.""",
     False, "An octagon has n = 8, giving 1080°; the response used n = 10 and answered 1440°."),

    (r"4",
     r"""<|begin_of_thought|>

Minimize $x+\frac4x$ for $x>0$. Try $x=1$: $1+4=5$. Try $x=4$: $4+1=5$. Both give 5, so the minimum is probably 5.

<|end_of_thought|>

<|begin_of_solution|>

Testing values, $x = 1$ and $x = 4$ both give $x + \frac{4}{x} = 5$.

The minimum value is 5.

<|end_of_solution|>""",
     False, "By AM-GM the minimum is 4 at x = 2 (2 + 2 = 4); the stated minimum 5 is wrong."),

    (r"\frac{5}{3}",
     r"""From $3a = 5b$ we can divide by $5a$ to get
$$\frac{b}{a} = \frac{3}{5}.$$
So the ratio is $\frac{3}{5}$.""",
     False, "The question asks for a/b = 5/3; the response's final answer 3/5 is the reciprocal."),
]
