"""Hand-written audit rows: categories equation_time and units_notation."""

EQUATION_TIME = [
    (r"45, 2",
     r"""Adding $k-n=43$ and $k+n=47$ gives $2k=90$, so $k=45$; then $n=47-45=2$.

$$\boxed{k = 45, n = 2}$$""",
     True, "k = 45, n = 2 gives the values 45 and 2 in the gold's (k, n) order."),

    (r"k=45, n=2",
     r"""From $k+n=47$ and $k-n=43$: subtracting, $2n=4$, so $n=2$, and $k=45$.

**Answer:** $n = 2,\ k = 45$""",
     True, "Labelled values n = 2, k = 45 are the same assignment as the gold; order of labelled equations does not matter."),

    (r"k=45, n=2",
     r"""$k+n=47$, $k-n=43$. Adding: $2k = 90$... wait, I'll solve for $n$ first: $n = 45$, $k = 2$.

$\boxed{k = 2,\ n = 45}$""",
     False, "The values are swapped: k = 2, n = 45 fails k - n = 43."),

    (r"5",
     r"""$2x+3=13 \Rightarrow 2x=10 \Rightarrow x=5$.

$\boxed{x = 5}$""",
     True, "x = 5 states the value 5."),

    (r"y = 2x + 1",
     r"""The slope through $(0,1)$ and $(1,3)$ is $\frac{3-1}{1-0}=2$, and the $y$-intercept is 1.

$\boxed{2x+1}$""",
     True, "Answering the line as the expression 2x+1 is the right-hand side of y = 2x + 1; a grader accepts it."),

    (r"y = 2x + 1",
     r"""Slope: $\frac{3-1}{1-0}=2$... Using point-slope with $(1,3)$: $y-3=1(x-1)$, so $y=x+2$.

$\boxed{y = x + 2}$""",
     False, "The response used slope 1 instead of 2; y = x + 2 does not pass through (0, 1)."),

    (r"y = 2x + 1",
     r"""Slope $m=2$, intercept $b=1$. In standard form:
$$\boxed{2x - y + 1 = 0}$$""",
     True, "2x - y + 1 = 0 rearranges to y = 2x + 1; same line."),

    (r"x^2 + y^2 = 25",
     r"""A circle centred at the origin with radius 5: $x^2+y^2=5^2$.

$$\boxed{x^2+y^2-25=0}$$""",
     True, "x^2 + y^2 - 25 = 0 is the same equation as x^2 + y^2 = 25."),

    (r"x^2 + (y-1)^2 = 4",
     r"""Centre $(0,1)$, radius $2$: $x^2+(y-1)^2=4$. Expanding,
$$x^2+y^2-2y+1=4 \implies \boxed{x^2 + y^2 - 2y - 3 = 0}$$""",
     True, "The expanded general form is algebraically equivalent to x^2 + (y-1)^2 = 4."),

    (r"5",
     r"""$2x + 3 = 13$. Moving 3 across: $2x = 13 + 3$... no, $-2x = 10$, so

$\boxed{x = -5}$""",
     False, "x = -5 gives 2(-5) + 3 = -7, not 13; the answer is 5."),

    (r"f(x) = 3x - 2",
     r"""$f$ is linear with $f(1)=1$ and $f(2)=4$, so the slope is $3$ and $f(x)=3x+b$ with $3+b=1$, $b=-2$.

$\boxed{3x-2}$""",
     True, "3x - 2 is the right-hand side of f(x) = 3x - 2."),

    (r"3",
     r"""Adding $a+b=7$ and $a-b=-1$: $2a=6$, so $a=3$ and $b=4$.

**Answer:** $a = 3,\ b = 4$""",
     True, "Only a is asked; the response states a = 3 correctly (the extra correct b = 4 does not change it)."),

    (r"x = 2, y = 3",
     r"""$x+y=5$ and $x-y=-1$ give $2x=4$, so $x=2$, $y=3$.

$$(x, y) = \boxed{(2, 3)}$$""",
     True, "(x, y) = (2, 3) is x = 2, y = 3."),

    (r"x = 2, y = 3",
     r"""Adding: $2x = 4$... hmm, actually subtracting gives $2y=6$, $y=3$... I'll write the pair.

$\boxed{x = 3,\ y = 2}$""",
     False, "x = 3, y = 2 swaps the values (3 - 2 = 1, not -1)."),

    (r"\frac{1}{2}",
     r"""The coin is fair, so the probability of tails is
$$p = 0.5$$""",
     True, "p = 0.5 equals 1/2."),

    (r"y = -\frac{1}{2}x + 3",
     r"""Slope $-\tfrac12$ through $(0,3)$. Clearing fractions: $2y=-x+6$, i.e.
$$\boxed{x + 2y = 6}$$""",
     True, "x + 2y = 6 gives y = -x/2 + 3, the same line."),

    (r"y = -\frac{1}{2}x + 3",
     r"""$y = -\frac12 x + 3 \Rightarrow$ multiply by 2: $2y = -x + 3$, so

$$\boxed{x + 2y = 3}$$""",
     False, "Multiplying by 2 should give 2y = -x + 6; x + 2y = 3 is a different (parallel) line."),

    (r"x = 5",
     r"""$\log_2(x+3)=3 \Rightarrow x+3=2^3=8 \Rightarrow x=5$.

$\boxed{5}$""",
     True, "The bare value 5 matches x = 5."),

    (r"y = 3",
     r"""For $\frac{3x+1}{x-2}$ the degrees are equal, so the horizontal asymptote is the ratio of leading coefficients, $\frac31$.

Horizontal asymptote: $\boxed{3}$""",
     True, "Answering 3 for the horizontal asymptote means y = 3."),

    (r"y = 3",
     r"""The denominator $x-2$ vanishes at $x=2$ while the numerator doesn't.

So the asymptote is $\boxed{x = 2}$.""",
     False, "x = 2 is the vertical asymptote; the question's horizontal asymptote is y = 3."),

    (r"y = 2x + 1",
     r"""Slope $\frac{3-1}{1-0}=2$. Then $y = 2x + b$ with $b = 1 - 2 = -1$.

$\boxed{y = 2x - 1}$""",
     False, "The intercept is 1 (the line passes through (0, 1)); y = 2x - 1 has the wrong intercept."),

    (r"k=45, n=2",
     r"""$k+n=47$, $k-n=43$: adding gives $k=45$; then $n = 43 - 45 = -2$.

$\boxed{k=45,\ n=-2}$""",
     False, "n = 47 - 45 = 2; n = -2 fails k + n = 47."),

    (r"x = 2, y = 3",
     r"""$x+y=5$, $x-y=-1$: $x = 2$. Then $y = x - 5 = -3$.

**Solution:** $x = 2$, $y = -3$""",
     False, "y = 5 - x = 3, not -3 (2 + (-3) is not 5)."),

    (r"f(x) = 3x - 2",
     r"""Slope $= \frac{4-1}{2-1} = 3$. Intercept: $1 = 3(1) + b \Rightarrow b = 2$.

$f(x) = 3x + 2$""",
     False, "1 = 3 + b gives b = -2; f(x) = 3x + 2 gives f(1) = 5."),

    (r"x^2 + (y-1)^2 = 4",
     r"""Centre $(0, 1)$, radius 2, so the equation is
$$\boxed{x^2 + (y+1)^2 = 4}$$""",
     False, "(y+1)^2 puts the centre at (0, -1), not (0, 1)."),

    # ---- times ----
    (r"12:00",
     r"""The train leaves at 9:00 AM and the trip takes 3 hours: $9 + 3 = 12$.

It arrives at $\boxed{12:00}$.""",
     True, "Identical time 12:00."),

    (r"12:00",
     r"""Departure 9:00 AM, travel time 3 hours, so the train arrives at **12:00 PM**.""",
     True, "For a morning departure plus 3 hours the arrival is noon, and 12:00 PM is noon, matching the gold 12:00."),

    (r"12:00",
     r"""Starting at 9:00 in the morning and adding 3 hours brings us to noon.

The train arrives at noon.""",
     True, "In this context (9:00 AM + 3 h) 'noon' is 12:00."),

    (r"\text{midnight}",
     r"""The movie starts at 10:30 PM and lasts 90 minutes. 10:30 + 1:30 = 12:00.

So the movie ends at $\boxed{\text{12:00 PM}}$.""",
     False, "10:30 PM + 1.5 h is midnight (12:00 AM); 12:00 PM means noon, so the response names the wrong time."),

    (r"3:30",
     r"""The game starts at 1:15 p.m. and lasts 2 hours 15 minutes: 1:15 + 2:15 = 3:30.

It ends at 3:30 p.m.""",
     True, "3:30 p.m. is the gold 3:30 with the (correct) afternoon marker."),

    (r"3:30",
     r"""The bus ride takes 2 h 20 min and the bus arrives at 3:30, so counting back 2 hours 20 minutes, the bus left at 1:10.

**Answer: 1:10**""",
     False, "The question asks for the arrival time after leaving at 1:10 (3:30); the response answers the departure time 1:10."),

    (r"12:00",
     r"""The clock shows 5:00. 19 hours later: $5 + 19 = 24 \equiv 0 \pmod{24}$, which is a full day, so the clock looks the same as now.

It reads $\boxed{5:00}$.""",
     False, "5 + 19 = 24 means the time is 24:00 (midnight), so a 12-hour clock reads 12:00, not 5:00; the 'full day' step is wrong."),

    (r"9:05",
     r"""The lesson starts at 8:30 and lasts 35 minutes. $30 + 35 = 65$ minutes, which I'll write as 1 hour 50... so the lesson ends at 9:50.""",
     False, "65 minutes past 8:00 is 9:05; 9:50 swaps the minute digits."),

    (r"14:30",
     r"""Start: 13:15. Duration: 1 h 15 min. $13{:}15 + 1{:}15 = 14{:}30$.

In 12-hour time that's $\boxed{\text{2:30 PM}}$.""",
     True, "2:30 PM is 14:30 in 24-hour time."),

    (r"14:30",
     r"""13:15 plus 1 hour 15 minutes is 14:30, i.e. 2:30.

**Answer: 2:30 AM**""",
     False, "14:30 is 2:30 PM; 2:30 AM is 02:30, a different time."),

    (r"2:30",
     r"""The meeting starts at 1:45 PM and lasts 45 minutes, so it ends at 2:30 PM.

In 24-hour format: **14:30**""",
     True, "The meeting ends in the afternoon, and 14:30 is 2:30 PM, the gold clock time."),

    (r"8:15",
     r"""Breakfast starts at 7:45 a.m. and lasts half an hour.

$7{:}45 + 0{:}30 = 8{:}15$, so breakfast ends at 8:15 a.m.""",
     True, "8:15 a.m. is 8:15 in this morning context."),

    (r"8:15",
     r"""7:45 plus 30 minutes: $45 + 30 = 75$ minutes. Hmm, so it ends at $\boxed{8:45}$.""",
     False, "75 minutes past 7:00 is 8:15, not 8:45."),

    (r"10:20",
     r"""Class starts at 9:50 and lasts 30 minutes, ending at twenty past ten.""",
     True, "'twenty past ten' is 10:20."),

    (r"10:40",
     r"""The film starts at 9:10 and runs 1 hour 30 minutes, so it ends at twenty to eleven.""",
     True, "'twenty to eleven' is 10:40 (and 9:10 + 1:30 = 10:40)."),

    (r"10:40",
     r"""9:10 plus an hour and a half... that's twenty past ten.""",
     False, "Twenty past ten is 10:20; the correct end time is 10:40 (twenty to eleven)."),

    (r"6:00",
     r"""The shift starts at 3 PM and lasts 3 hours: it ends at

$\boxed{18{:}00}$""",
     True, "18:00 is 6:00 PM, matching the gold 6:00 in this afternoon context."),

    (r"7:30",
     r"""Starting at 5:45 and adding 1 hour 45 minutes: 6:45 + 0:45 = 7:30.

The alarm goes off at half past seven.""",
     True, "'half past seven' is 7:30."),

    (r"1:00",
     r"""11:20 AM + 1 h 40 min = 12:60 = 1:00 PM.

In 24-hour time: $\boxed{13{:}00}$""",
     True, "13:00 is 1:00 PM, which is the gold 1:00 in this context."),

    (r"4:45",
     r"""The trip takes 1.5 hours and they must arrive by 6:15 PM, so they must leave by 6:15 − 1:30 = 4:45.

**Answer: 4:45 PM**""",
     True, "4:45 PM is the gold 4:45 (afternoon context)."),

    (r"4:45",
     r"""They need 1.5 hours and arrival is 6:15, so $6{:}15 + 1{:}30 = 7{:}45$.

$\boxed{7:45}$""",
     False, "The departure time is 6:15 minus 1:30 = 4:45; the response added instead of subtracting."),

    (r"12:00",
     r"""9:00 AM plus 3 hours and 30 minutes of travel... the train arrives at **12:30 PM**.""",
     False, "The trip is 3 hours, so the arrival is 12:00; 12:30 is half an hour off."),

    (r"6:00",
     r"""Starting at 3 PM and working for 6 hours, the shift ends at 9:00 PM.

$\boxed{9:00}$""",
     False, "The shift lasts 3 hours, not 6, so it ends at 6:00, not 9:00."),
]


UNITS_NOTATION = [
    (r"6.6 \times 10^{-34}",
     r"""Planck's constant is $h \approx 6.626 \times 10^{-34}$ J·s; to two significant figures:

**h ≈ 6.6e-34 J s**""",
     True, "6.6e-34 J s is 6.6 × 10^-34 in e-notation with units."),

    (r"6.6 \times 10^{-34}",
     r"""To two significant figures Planck's constant is
$$h \approx \boxed{6.6 \times 10^{-33}}\ \text{J s}$$""",
     False, "The exponent is off by one: 10^-33 is ten times the gold 6.6 × 10^-34."),

    (r"25\%",
     r"""$\frac{20}{80}=0.25$, and $0.25\times 100 = 25$.

So 20 is $\boxed{25}$ percent of 80.""",
     True, "The question asks 'what percent', and the response answers 25 (percent), matching 25%."),

    (r"25\%",
     r"""What percent of 80 is 20? $\frac{20}{80} = \frac14$.

$\boxed{0.25}$""",
     False, "For a 'what percent' question, a bare 0.25 reads as 0.25%, not 25%; the response never converts the fraction to a percent."),

    (r"\$15",
     r"""Three tickets at \$5 each cost $3 \times 5 = 15$.

The total is 15 dollars.""",
     True, "15 dollars equals $15."),

    (r"\$15",
     r"""$3 \times \$5 = \$15.00$

**Total cost: $\boxed{\$15.00}$**""",
     True, "$15.00 is the same amount as $15."),

    (r"\$15",
     r"""Each ticket costs \$5... 3 tickets: $3 \times 0.50 = 1.50$.

Total: $\boxed{\$1.50}$""",
     False, "The response used $0.50 per ticket; $1.50 is not $15."),

    (r"30^\circ",
     r"""In a 30-60-90 triangle the angles are $30^\circ$, $60^\circ$, $90^\circ$; the smallest is

$\boxed{30}$""",
     True, "For a question asking the angle in degrees, the bare 30 means 30°."),

    (r"30^\circ",
     r"""The smallest angle of a 30-60-90 triangle, in radians, is
$$\boxed{\frac{\pi}{6}}$$""",
     True, "pi/6 radians is exactly 30°, the same angle."),

    (r"30^\circ",
     r"""The angles are in ratio $1:2:3$, so they are $30^\circ, 60^\circ, 90^\circ$. The smallest one is opposite the shortest side... that's $60^\circ$.

**Answer: 60°**""",
     False, "The smallest angle is 30°, not 60°."),

    (r"0.5",
     r"""A fair coin lands heads half the time.

The probability of heads is **50%**.""",
     True, "As a probability, 50% is exactly 0.5."),

    (r"3 \times 10^8",
     r"""The speed of light in vacuum is about 300,000 km/s, i.e.

$\boxed{300{,}000{,}000 \text{ m/s}}$""",
     True, "300,000,000 m/s = 3 × 10^8 m/s."),

    (r"3 \times 10^8",
     r"""The speed of light is about $3 \times 10^{6}$ m/s.""",
     False, "3 × 10^6 is a hundred times smaller than 3 × 10^8."),

    (r"1.2 \times 10^{3}",
     r"""$\frac{2.4\times10^5}{2\times10^2} = 1.2\times10^{5-2}$.

$\boxed{1200}$""",
     True, "1200 = 1.2 × 10^3."),

    (r"1.2 \times 10^{3}",
     r"""$\frac{2.4\times10^{5}}{2\times10^{2}} = 1.2 \times 10^{2-5}$

$$\boxed{1.2 \times 10^{-3}}$$""",
     False, "The exponents were subtracted in the wrong order; 10^-3 instead of 10^3."),

    (r"5 \text{ cm}",
     r"""Legs 3 cm and 4 cm: $c = \sqrt{9+16} = \sqrt{25}$.

$\boxed{5}$""",
     True, "5 with the unit implied by the problem (cm) equals 5 cm."),

    (r"5 \text{ cm}",
     r"""$c=\sqrt{3^2+4^2}=5$ cm. Expressed in millimetres:

**Answer: 50 mm**""",
     True, "50 mm is the same length as 5 cm."),

    (r"5 \text{ cm}",
     r"""By Pythagoras the hypotenuse is $\sqrt{3^2+4^2}=5$.

$\boxed{5\ \text{m}}$""",
     False, "5 m is a hundred times 5 cm; with the unit stated, the quantity is wrong."),

    (r"12",
     r"""She starts with 20 apples and gives away 8, leaving $20-8$.

$$\boxed{\text{12 apples}}$$""",
     True, "The text-wrapped '12 apples' is the number 12."),

    (r"\frac{\pi}{3}",
     r"""Each interior angle of an equilateral triangle is $\frac{180^\circ}{3}$.

$\boxed{60^\circ}$""",
     True, "60° is exactly pi/3 radians."),

    (r"\frac{\pi}{3}",
     r"""The problem asks for $\theta$ in radians with $\cos\theta = \frac12$, $0<\theta<\frac{\pi}{2}$.

$\cos 60 = \frac12$, so $\theta = \boxed{60}$.""",
     False, "In a radians question a bare 60 means 60 radians, which is not pi/3."),

    (r"2.5 \text{ kg}",
     r"""Five bags of 500 g each weigh $5 \times 500 = 2500$ g.

**Answer: 2500 g**""",
     True, "2500 g = 2.5 kg."),

    (r"2.5 \text{ kg}",
     r"""$5 \times 500\,\text{g} = 2500\,\text{g}$; dividing by 1000 twice to be safe: $\boxed{2.5\ \text{g}}$""",
     False, "2.5 g is a thousandth of 2.5 kg."),

    (r"75\%",
     r"""She answered 30 of 40 questions correctly: $\frac{30}{40} = 0.75$.

That is 75 percent.""",
     True, "75 percent = 75%."),

    (r"75\%",
     r"""$\frac{30}{40}=0.075$, so the score is $\boxed{7.5\%}$.""",
     False, "30/40 = 0.75 = 75%, not 7.5%."),

    (r"\$1,250",
     r"""Simple interest: $I = 1000 \times 0.05 \times 5 = 250$. Total: $1000 + 250 = 1250$.

The balance is **1250 USD**.""",
     True, "1250 USD = $1,250."),

    (r"\$1,250",
     r"""Interest $= 1000 \times 0.05 \times 5 = 250$; total $= 1000 + 250$.

$\boxed{\$12.50}$""",
     False, "$12.50 is not $1,250 (decimal misplaced by two places)."),

    (r"9.8 \text{ m/s}^2",
     r"""Near Earth's surface the gravitational acceleration is
$$g \approx 9.8\,\mathrm{m\,s^{-2}}$$""",
     True, "m s^-2 is the same unit as m/s^2, and the value 9.8 matches."),

    (r"4.0 \times 10^{-3}",
     r"""$\frac{2\times10^{-2}}{5} = 0.4\times10^{-2}$.

$\boxed{0.004}$""",
     True, "0.004 = 4.0 × 10^-3."),

    (r"4.0 \times 10^{-3}",
     r"""$\frac{2 \times 10^{-2}}{5} = 0.4 \times 10^{-1}$

$\boxed{0.04}$""",
     False, "0.04 = 4 × 10^-2, ten times the gold."),

    (r"36 \text{ square units}",
     r"""A $6\times 6$ square has area $6^2$.

**Area** $= 36\ \text{units}^2$""",
     True, "36 units^2 is 36 square units."),

    (r"36",
     r"""Area of the rectangle: $4 \text{ cm} \times 9 \text{ cm}$.

$\boxed{36\ \text{cm}^2}$""",
     True, "36 cm^2 is the gold 36 with its unit."),

    (r"180^\circ",
     r"""The angles of any triangle sum to a straight angle, which in radians is

$\boxed{\pi}$""",
     True, "pi radians = 180°."),

    (r"12\%",
     r"""The price rose from 50 to 56, an increase of 6: $\frac{6}{50}=0.12$.

Percent increase: $\boxed{12.0\%}$""",
     True, "12.0% = 12%."),

    (r"12\%",
     r"""Increase: $56 - 50 = 6$; $\frac{6}{50} = 0.12$.

So the price increased by $0.12\%$.""",
     False, "0.12 is the fraction; as a percent that is 12%, so 0.12% is a hundred times too small."),

    (r"\$0.75",
     r"""Three pencils cost \$2.25, so one costs $2.25 \div 3 = 0.75$.

Each pencil costs 75 cents.""",
     True, "75 cents = $0.75."),

    (r"\$0.75",
     r"""$2.25 \div 3 = 75$... so each pencil costs **75 dollars**.""",
     False, "75 dollars is a hundred times $0.75."),

    (r"1.5 \times 10^{11} \text{ m}",
     r"""One astronomical unit is about 150 million kilometres:
$$\boxed{1.5 \times 10^{8}\ \text{km}}$$""",
     True, "1.5 × 10^8 km = 1.5 × 10^11 m; the different exponent is compensated by the unit (km vs m)."),

    (r"1.5 \times 10^{11} \text{ m}",
     r"""The Earth-Sun distance is about 150 million, so
$$\boxed{1.5 \times 10^{8}\ \text{m}}$$""",
     False, "150 million is in kilometres; 1.5 × 10^8 m is a thousand times too small."),

    (r"2.0 \times 10^5 \text{ J}",
     r"""$W = Fd = (4000\,\text{N})(50\,\text{m}) = 200{,}000$ J.

**W = 200 kJ**""",
     True, "200 kJ = 2.0 × 10^5 J."),

    (r"2.0 \times 10^5 \text{ J}",
     r"""$W = F d = 4000 \times 50 = 20{,}000$ J $= 20$ kJ.

$\boxed{20\text{ kJ}}$""",
     False, "4000 × 50 = 200,000 J = 200 kJ; 20 kJ is ten times too small."),

    (r"25\%",
     r"""$\frac{20}{80}$... 20 is a fifth of 100, so the answer is $\boxed{20\%}$.""",
     False, "20/80 = 25%, not 20%."),

    (r"0.5",
     r"""Probability of heads for a fair coin: $\frac{1}{2}$, i.e. $\boxed{5\%}$.""",
     False, "5% = 0.05, not 1/2 = 0.5."),

    (r"\$15",
     r"""Each ticket costs \$5.

$\boxed{\$5}$""",
     False, "The question asks for the total for three tickets ($15); $5 is the price of one."),

    (r"3 \times 10^8 \text{ m/s}",
     r"""The speed of light is about 300,000 km per second:
$$c \approx \boxed{3 \times 10^{5}\ \text{km/s}}$$""",
     True, "3 × 10^5 km/s = 3 × 10^8 m/s; the unit conversion accounts for the different exponent."),
]
