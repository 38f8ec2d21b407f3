"""Hand-written audit rows: categories decimal_comma and unordered.

Convention used for labels (applied by hand): a comma followed by exactly three
digits inside a number (1,220; 10,455; 12,345,678) is read as a thousands
separator; a comma followed by one, two or four-plus digits, or a leading
"0," (0,5; 1,22; 0,125), cannot be a thousands separator and is read as a
decimal comma. A comma followed by a space ("1, 22") separates list items.
"""

DECIMAL_COMMA = [
    (r"1.22",
     r"""Ein Bleistift kostet 0,61 €. Zwei Bleistifte kosten also
$$2 \cdot 0{,}61 = 1{,}22.$$
Die Antwort ist $\boxed{1,22}$ €.""",
     True, "1,22 has only two digits after the comma, so it can only be a decimal comma: 1.22 equals the gold."),

    (r"0.5",
     r"""Une pièce équilibrée a deux faces, donc la probabilité d'obtenir pile est $\frac{1}{2}$.

La probabilité est donc $\boxed{0,5}$.""",
     True, "0,5 is the decimal-comma form of 0.5."),

    (r"3.14",
     r"""Rounded to two decimal places, $\pi \approx 3{,}14159\ldots \approx 3{,}14$.

**Antwort:** 3,14""",
     True, "3,14 (two digits after the comma) is the decimal-comma form of 3.14."),

    (r"1220",
     r"""The school has 610 boys and the same number of girls, so the total is
$$610 + 610 = 1{,}220.$$
There are $\boxed{1,220}$ students.""",
     True, "1,220 uses a thousands separator and equals 1220."),

    (r"1.22",
     r"""To convert metres to kilometres we divide by 1000... 1220 m is

$\boxed{1,220}$ km""",
     False, "By this audit's convention an ambiguous '1,220' is read as a thousands separator (1220), which is not the gold 1.22 km, even if the writer may have meant a decimal comma."),

    (r"12345678",
     r"""Multiplying by 10 moves the decimal point one place to the right:
$$1234567.8 \times 10 = 12345678.$$
Final answer: $\boxed{12,345,678}$""",
     True, "12,345,678 has consistent three-digit groups and equals 12345678."),

    (r"12345678",
     r"""$1234567.8 \times 10$: shift the decimal point right by one place.

The answer is **12,345,687**.""",
     False, "12,345,687 transposes the last two digits; it is not 12345678."),

    (r"10455",
     r"""$85 \times 123 = 85 \times 100 + 85 \times 23 = 8500 + 1955$.

So the product is $\boxed{10,455}$.""",
     True, "10,455 with a thousands separator is 10455 = 85*123."),

    (r"10.455",
     r"""Ignore the decimal points first: $85\times 123 = 10455$.

So $0.85 \times 12.3 = \boxed{10,455}$.""",
     False, "Read with a thousands separator (the audit convention), 10,455 is 10455, not 10.455; the response indeed never re-inserted the three decimal places."),

    (r"1.22",
     r"""$1220\text{ m} = 1220 \div 1000\text{ km}$.

The answer is $1, 22$""",
     False, "'1, 22' with a space after the comma reads as the list 1 and 22, not the single number 1.22."),

    (r"2.5",
     r"""Der Mittelwert von 1, 2, 3 und 4 ist
$$\frac{1+2+3+4}{4}=\frac{10}{4}=2{,}5.$$""",
     True, "2,5 is a decimal comma (one digit after the comma) and equals 2.5."),

    (r"2.5",
     r"""Mittelwert: $(1+2+3+4)/4 = 10/4$.

$10/4 \approx 2{,}6$

**Ergebnis: 2,6**""",
     False, "2,6 means 2.6, which is not 10/4 = 2.5."),

    (r"0.75",
     r"""$\frac34 = 3 \div 4 = 0{,}75$

Réponse : $\boxed{0,75}$""",
     True, "0,75 is the decimal-comma form of 0.75."),

    (r"0.75",
     r"""Als Dezimalzahl: $\frac{3}{4} = 0{,}57$.""",
     False, "0,57 is 0.57, not 3/4 = 0.75 (digits swapped)."),

    (r"1000000",
     r"""$1000^2 = 10^3 \cdot 10^3 = 10^6$.

That's $\boxed{1,000,000}$.""",
     True, "1,000,000 uses thousands separators and equals 10^6."),

    (r"1000000",
     r"""$1000^2$: we just append the zeros, $1000\cdot 1000 = 100{,}000$.

Answer: 100,000""",
     False, "100,000 = 10^5, one zero short of 1000^2 = 1,000,000."),

    (r"1,000",
     r"""$10^3 = 10 \cdot 10 \cdot 10 = 1000$.

The answer is $\boxed{1000}$.""",
     True, "The gold '1,000' uses a thousands separator, so it equals 1000."),

    (r"3,5",
     r"""$7 \div 2 = 3.5$

So the answer is $\boxed{3.5}$.""",
     True, "The gold '3,5' has one digit after the comma, so it is a decimal comma: 3.5."),

    (r"2,048",
     r"""Doubling repeatedly: $2^{10}=1024$, so $2^{11}=2\cdot 1024=2048$.

$\boxed{2048}$""",
     True, "The gold '2,048' is 2048 written with a thousands separator."),

    (r"0.125",
     r"""$\frac{1}{8} = 0{,}125$

Die Wahrscheinlichkeit beträgt $\boxed{0,125}$.""",
     True, "Although three digits follow the comma, a leading '0,' cannot be a thousands group, so 0,125 can only mean 0.125 = 1/8."),

    (r"1.5",
     r"""Trois croissants coûtent 4,50 €, donc un croissant coûte $4{,}50 \div 3 = 1{,}50$ €.

Réponse : 1,50 €""",
     True, "1,50 has two digits after the comma, a decimal comma: 1.50 = 1.5."),

    (r"4.5",
     r"""Die Hälfte einer 9 cm langen Strecke ist $9 \div 2 = 4{,}5$ cm.

**Antwort:** $4{,}5\,\text{cm}$""",
     True, "4,5 cm is 4.5 with a decimal comma and a unit."),

    (r"45",
     r"""Fläche des Rechtecks: $9 \cdot 0{,}5$... also $\boxed{4,5}$.""",
     False, "4,5 is a decimal comma (4.5), not 45; the response multiplied by 0.5 instead of 5."),

    (r"3.75",
     r"""$15 \div 4 = 3{,}75$

Respuesta: $\boxed{3,75}$""",
     True, "3,75 (two digits after the comma) is 3.75 = 15/4."),

    (r"375",
     r"""To convert 3750 mm to cm we divide by 1000:
$$3750 \div 1000 = 3{,}75.$$
Antwort: 3,75 cm""",
     False, "3,75 is the decimal 3.75 (the response divided by 1000, giving metres); 3750 mm is 375 cm."),

    (r"6,400",
     r"""The square has side 80, so its area is $80^2 = 6400$.

**Area = 6400**""",
     True, "The gold '6,400' is 6400 with a thousands separator."),

    (r"6400",
     r"""$80 \times 80 = 6{,}400$

Final answer: $\boxed{6,400.00}$""",
     True, "6,400.00 is 6400 with a thousands separator and trailing decimal zeros."),

    (r"1234.5",
     r"""$2469 \div 2 = 1234.5$

So the answer is $\boxed{1,234.5}$.""",
     True, "1,234.5 has a thousands comma and a decimal point, equal to 1234.5."),

    (r"1234.5",
     r"""$2469 : 2 = 1.234,5$

Ergebnis: $\boxed{1.234,5}$""",
     True, "In 1.234,5 both separators appear, so the dot is the (European) thousands separator and the comma the decimal mark: 1234.5."),

    (r"0.05",
     r"""5 % als Dezimalzahl ist $5 \div 100 = 0{,}05$.

$\boxed{0,05}$""",
     True, "0,05 is 0.05 with a decimal comma."),

    (r"0.05",
     r"""5 % entspricht $5 \div 10 = 0{,}5$.

$\boxed{0,5}$""",
     False, "0,5 = 0.5, but 5% = 0.05 (the response divided by 10 instead of 100)."),

    (r"-2.25",
     r"""$f(x) = x^2 - 3x$ hat den Scheitel bei $x = 1{,}5$, und
$$f(1{,}5) = 2{,}25 - 4{,}5 = -2{,}25.$$
Das Minimum ist $\boxed{-2,25}$.""",
     True, "-2,25 is -2.25 = -9/4, the minimum of x^2-3x."),

    (r"1, 22",
     r"""$x^2 - 23x + 22 = (x-1)(x-22) = 0$, so
$$x \in \boxed{\{1,22\}}.$$""",
     True, "Inside set braces the comma separates elements, so {1,22} is the two roots 1 and 22, matching the gold list."),

    (r"50000",
     r"""$250 \times 200 = 50{,}000$

The answer is $\boxed{50,000}$.""",
     True, "50,000 = 50000 with a thousands separator."),

    (r"50000",
     r"""$250 \times 200 = 250 \times 2 \times 10 = 5{,}000$

The answer is $\boxed{5,000}$.""",
     False, "5,000 = 5000, but 250*200 = 50000 (a factor of 10 was lost)."),

    (r"3.0",
     r"""$\sqrt{9} = 3$, also mit einer Nachkommastelle $3{,}0$.

**Ergebnis:** 3,0""",
     True, "3,0 is 3.0 with a decimal comma."),

    (r"100.5",
     r"""$201 \div 2 = 100{,}5$

Réponse : $\boxed{100,5}$""",
     True, "100,5 has one digit after the comma, so it is the decimal 100.5."),

    (r"1.22",
     r"""$2 \times 0{,}61 \approx 1{,}23$ €

Réponse : $\boxed{1,23}$""",
     False, "1,23 means 1.23, not 1.22 (2*0.61 is exactly 1.22)."),

    (r"12,345",
     r"""$12{,}000 + 345 = 12345$.

Hmm, written with a decimal point for readability: $\boxed{12.345}$""",
     False, "The gold 12,345 is twelve thousand three hundred forty-five; 12.345 read in standard notation is about twelve, so it is not equal."),

    (r"0.6",
     r"""$\frac{3}{5} = 3 \div 5 = 0{,}06$

Antwort: 0,06""",
     False, "0,06 = 0.06, but 3/5 = 0.6."),

    (r"1220",
     r"""1,22 km in Meter: $1{,}22 \cdot 1000$... 

Antwort: $\boxed{1,22}$ m""",
     False, "1,22 can only be a decimal comma (1.22), which is not 1220; the response never did the multiplication."),

    (r"3.14",
     r"""$\pi \approx 3{,}14159$, gerundet auf zwei Nachkommastellen: 

$\boxed{3,141}$""",
     False, "By the three-digit convention 3,141 is 3141; even read as a decimal it is 3.141, not 3.14 to two places. Either way it is not equal."),

    (r"7.25",
     r"""$29 \div 4 = 7{,}52$

Réponse : 7,52""",
     False, "29/4 = 7.25; the response's 7,52 (= 7.52) swaps the decimals."),

    (r"0.25",
     r"""$\frac14 = 0{,}025$

$\boxed{0,025}$""",
     False, "0,025 (leading zero, so a decimal comma) is 0.025, not 1/4 = 0.25."),

    (r"2500",
     r"""2,5 km in Meter umrechnen:

$\boxed{2,5}$ km $= 2,5$ m""",
     False, "2,5 is the decimal 2.5; 2.5 km is 2500 m, so the answer 2,5 is wrong."),

    (r"1.5",
     r"""$3 \div 2 = 1{,}05$

Respuesta: 1,05""",
     False, "1,05 = 1.05, not 3/2 = 1.5."),

    (r"4,5",
     r"""Half of 9 is 4.5, so we get... $9 \times 5 = 45$.

**Answer: 45**""",
     False, "The gold '4,5' has one digit after the comma, so it means 4.5; the response's 45 is ten times too large."),
]


UNORDERED = [
    (r"2, 3",
     r"""$x^2-5x+6=(x-2)(x-3)$, so the roots are
$$\boxed{3, 2}$$""",
     True, "The roots are an unordered list; {3, 2} = {2, 3}."),

    (r"\{-1, 3\}",
     r"""$x^2-2x-3=(x-3)(x+1)=0$.

The solution set is $\boxed{\{3, -1\}}$.""",
     True, "Sets are unordered: {3, -1} = {-1, 3}."),

    (r"(1, 2)",
     r"""Set $x+1 = 3x-1$: $2 = 2x$, so $x = 1$ and $y = 2$.

The intersection point is $\boxed{(2, 1)}$.""",
     False, "The point is (x, y) = (1, 2); (2, 1) is a different point (it is not on y = x + 1)."),

    (r"[1, 3)",
     r"""$\frac{x-1}{x-3}\le 0$ when numerator and denominator have opposite signs or the numerator is zero. Critical points: 1 and 3.

So $x\in\boxed{(1,3]}$.""",
     False, "x = 1 makes the fraction 0 (allowed) while x = 3 makes it undefined, so the answer is [1,3); (1,3] has the endpoints reversed."),

    (r"[1, 3)",
     r"""The expression $\frac{x-1}{x-3}$ is zero at $x=1$, undefined at $x=3$, and negative in between.

Therefore the solution is $1 \le x < 3$.""",
     True, "1 <= x < 3 is the interval [1, 3) written as an inequality."),

    (r"(3, 4)",
     r"""From $a+b=7$ and $b-a=1$: adding gives $2b=8$, so $b=4$ and $a=3$.

$(a, b) = \boxed{(4, 3)}$""",
     False, "The ordered pair (a, b) is (3, 4); writing (4, 3) assigns a = 4, which contradicts the response's own work."),

    (r"\{(1,2),(2,1)\}",
     r"""Substituting $y=3-x$ into $x^2+y^2=5$: $2x^2-6x+4=0$, so $x=1$ or $x=2$.

The intersection points are $\boxed{\{(2,1),(1,2)\}}$.""",
     True, "A set of points is unordered; the same two points are listed."),

    (r"(1,3), (2,5)",
     r"""For $x=1$: $y=2(1)+1=3$. For $x=2$: $y=2(2)+1=5$.

The lattice points are $(3,1)$ and $(5,2)$.""",
     False, "Each point is an ordered (x, y) pair; (3,1) and (5,2) swap coordinates and are not on y = 2x + 1."),

    (r"\{2, 3, 5\}",
     r"""$30 = 2 \cdot 3 \cdot 5$, so the distinct prime factors of 30 are $\boxed{(5, 3, 2)}$.""",
     True, "The question asks for a set of primes; the parenthesised list has no intended ordering meaning, and its elements are exactly {2, 3, 5}."),

    (r"-2, 5",
     r"""$x^2-3x-10 = (x-5)(x+2)$, giving $x=5$ or $x=-2$.

**Answer:** $5, -2$""",
     True, "The roots form an unordered list; 5, -2 is the same set as -2, 5."),

    (r"-2, 5",
     r"""$x^2-3x-10=(x+5)(x-2)$, so $x = -5, 2$.

$\boxed{-5, 2}$""",
     False, "The factorization is wrong ((x+5)(x-2) = x^2+3x-10); the roots are -2 and 5."),

    (r"(-\infty, -2) \cup (3, \infty)",
     r"""$x^2-x-6=(x-3)(x+2)>0$ when both factors have the same sign: $x>3$ or $x<-2$.

$$\boxed{(3, \infty) \cup (-\infty, -2)}$$""",
     True, "A union of intervals is the same set regardless of the order the pieces are written in."),

    (r"(-\infty, -2) \cup (3, \infty)",
     r"""$(x-3)(x+2) > 0$ outside the roots, so

$$x \in (-\infty, -2] \cup [3, \infty)$$""",
     False, "The inequality is strict, so -2 and 3 must be excluded; the closed brackets include them."),

    (r"(-2, 3)",
     r"""$x^2 - x - 6 < 0 \iff (x-3)(x+2) < 0$, which holds between the roots.

So the solution is $-2 < x < 3$.""",
     True, "-2 < x < 3 is the open interval (-2, 3)."),

    (r"(-2, 3)",
     r"""The quadratic $(x-3)(x+2)$ is negative between its roots 3 and $-2$.

Solution: $\boxed{(3, -2)}$""",
     False, "An interval is ordered; (3, -2) is empty/ill-formed as written and not the interval (-2, 3)."),

    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}",
     r"""$\mathbf u+\mathbf v = (3,1)+(-2,1) = (3-2,\ 1+1)$.

$$\mathbf u + \mathbf v = (1, 2)$$""",
     True, "(1, 2) is the same vector as the column vector with entries 1, 2."),

    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}",
     r"""Adding componentwise: $\begin{pmatrix}3\\1\end{pmatrix}+\begin{pmatrix}-2\\1\end{pmatrix}$.

$\boxed{(2, 1)}$""",
     False, "Vector components are ordered; (2, 1) is not the vector (1, 2)."),

    (r"(2, -1)",
     r"""The vertex of $y=x^2-4x+3$ is at $x=-\frac{b}{2a}=2$, and $y(2)=4-8+3=-1$.

Vertex: $\boxed{(-1, 2)}$""",
     False, "The vertex is (x, y) = (2, -1); (-1, 2) swaps the coordinates."),

    (r"1, 2, 3",
     r"""$x^3-6x^2+11x-6=(x-1)(x-2)(x-3)$.

All roots: $\boxed{\{3,1,2\}}$""",
     True, "The root set {3, 1, 2} equals {1, 2, 3}; order is irrelevant."),

    (r"1, 2, 3",
     r"""Trying $x=3$: $27-54+33-6=0$ ✓. Trying $x=2$: $8-24+22-6=0$ ✓.

Roots: $3, 2$""",
     False, "The root 1 is missing."),

    (r"2, 6, 18",
     r"""The geometric sequence with $a_1=2$ and ratio 3 has terms $a_1 = 2$, $a_2 = 6$, $a_3 = 18$.

First three terms: $\boxed{18, 6, 2}$""",
     False, "The first three terms of a sequence are ordered; 18, 6, 2 lists them backwards, claiming a_1 = 18."),

    (r"-3, 1, 4",
     r"""$(x+3)(x-1)(x-4)=0$ gives $x = 1$, $x = -3$, $x = 4$.

In increasing order: $\boxed{1, -3, 4}$""",
     False, "The problem explicitly asks for the solutions in increasing order (-3, 1, 4); the response's list is not in that order, so the ordered answer does not match."),

    (r"(1, 2)",
     r"""Midpoint of $(0,0)$ and $(2,4)$:
$$\left(\frac{0+2}{2},\ \frac{0+4}{2}\right)=\left( 1, 2 \right)$$""",
     True, "\\left( 1, 2 \\right) is the point (1, 2)."),

    (r"\{(0,0), (1,1)\}",
     r"""$x = x^2 \Rightarrow x(x-1)=0 \Rightarrow x=0$ or $x=1$, and $y=x$.

The curves meet at $(1,1)$ and $(0,0)$.""",
     True, "The same two intersection points in a different order."),

    (r"\{(0,0), (1,1)\}",
     r"""$x^2 = x$ gives $x=0$ or $x=1$. Then using $y=-x$... the points are $(0,0)$ and $(1,-1)$.""",
     False, "(1, -1) is not on y = x; the second intersection point is (1, 1)."),

    (r"2, 3",
     r"""Let the sides be $l,w$ with $lw=6$ and $2(l+w)=10$, so $l+w=5$: the sides are 2 and 3.

The dimensions are $\boxed{3 \times 2}$.""",
     True, "Dimensions 3 × 2 (read as 'by', not as a product) name the same unordered pair of side lengths 2 and 3."),

    (r"1 + i, 1 - i",
     r"""$z^2-2z+2=0 \Rightarrow z=\frac{2\pm\sqrt{-4}}{2}=1\pm i$.

$$z = 1 - i,\ 1 + i$$""",
     True, "The two roots in the other order are the same root set."),

    (r"(0, 1]",
     r"""We need $1-x\ge0$ and $x>0$ (the $\sqrt x$ is in the denominator).

Domain: $\boxed{[0, 1)}$""",
     False, "x = 0 is excluded (division by zero) and x = 1 is allowed, so the domain is (0, 1]; [0, 1) reverses which endpoint is included."),

    (r"[0, 1]",
     r"""$\sin^2 x$ takes the value 0 at $x=0$ and 1 at $x=\pi/2$.

Range: $\boxed{\{0, 1\}}$""",
     False, "The range of sin^2 x is the whole interval [0, 1], not just the two-element set {0, 1}."),

    (r"\{0, 1\}",
     r"""$x^2=x$ holds for $x=0$ and $x=1$.

So the solutions are $\boxed{[0,1]}$.""",
     False, "[0,1] is the whole interval (e.g. 1/2 does not satisfy x^2 = x); the solution set is just {0, 1}."),

    (r"(1, -2, 3)",
     r"""From $x+y+z=2$ and $y+z=1$ we get $x=1$. Then $y=x-3=-2$ and $z=1-y=3$.

$(x, y, z) = \boxed{(1, 3, -2)}$""",
     False, "The response derives y = -2, z = 3 but writes the triple as (1, 3, -2), which means y = 3, z = -2."),

    (r"(1, -2, 3)",
     r"""Subtract $y+z=1$ from $x+y+z=2$: $x=1$. Then $x-y=3$ gives $y=-2$, and $z=1-y=3$.

**Solution:** $x=1,\ y=-2,\ z=3$""",
     True, "x=1, y=-2, z=3 is the ordered triple (1, -2, 3) written with variable names."),

    (r"-1, 0, 1",
     r"""$x^3 = x \iff x(x-1)(x+1)=0$.

$$x\in\{1, 0, -1\}$$""",
     True, "The set {1, 0, -1} equals the gold list -1, 0, 1."),

    (r"\{-1, 1\}",
     r"""$x^2 = 1$ means $x = \pm 1$.

$\boxed{\pm 1}$""",
     True, "±1 denotes the set {-1, 1}."),

    (r"(1, 2, 3)",
     r"""With $b=2a$, $c=3a$ and $a+b+c=6$: $6a=6$, so $a=1$, $b=2$, $c=3$.

$(a,b,c)=\boxed{(3,2,1)}$""",
     False, "The ordered triple (a, b, c) is (1, 2, 3); (3, 2, 1) would mean a = 3, contradicting the work."),

    (r"-\frac{1}{2}, 2",
     r"""$2x^2-3x-2=(2x+1)(x-2)$, so $x=2$ or $x=-0.5$.

$\boxed{2, -0.5}$""",
     True, "The root list 2, -0.5 is the same set as -1/2, 2."),

    (r"2, 4",
     r"""Checking small $n$: $2^1=2\ne1$; $2^2=4=2^2$ ✓; $2^3=8\ne 9$; $2^4=16=4^2$ ✓; for $n\ge5$, $2^n>n^2$.

So $n = 4$ and $n = 2$.""",
     True, "The solution set {4, 2} equals {2, 4}."),

    (r"(1,6), (2,3), (3,2), (6,1)",
     r"""Ordered pairs $(a,b)$ of positive integers with $ab=6$: for each divisor $a$ of 6 we get $b=6/a$.

$\boxed{(1,6),\ (6,1),\ (2,3),\ (3,2)}$""",
     True, "All four ordered pairs appear; the order in which the pairs are listed is irrelevant."),

    (r"(1,6), (2,3), (3,2), (6,1)",
     r"""The factorizations of 6 are $1\cdot 6$ and $2\cdot 3$.

So the pairs are $(1,6)$ and $(2,3)$.""",
     False, "The problem asks for ordered pairs, so (6,1) and (3,2) are distinct solutions that are missing."),
]
